package org.observer.web.es;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticsearchRoutingTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void theRootIsElasticsearchForClientsAndTheConsoleForBrowsers() {
        assertTrue(ElasticsearchRouting.isElasticsearch("GET", "/", null, false), "curl without Accept");
        assertTrue(ElasticsearchRouting.isElasticsearch("GET", "/", "application/vnd.elasticsearch+json; compatible-with=8", false));
        assertTrue(ElasticsearchRouting.isElasticsearch("HEAD", "/", BROWSER, false), "HEAD / is a client's ping");
        assertFalse(ElasticsearchRouting.isElasticsearch("GET", "/", BROWSER, false), "a browser gets the console");
        assertFalse(ElasticsearchRouting.isElasticsearch("POST", "/", "application/json", true), "the console's own requests");
        assertFalse(ElasticsearchRouting.isElasticsearch("POST", "/", "application/json", false));
    }

    @Test
    void underscorePathsAreElasticsearchAndTheNativeApiAndConsoleKeepTheirs() {
        for (String path : new String[]{"/_bulk", "/_license", "/_cluster/health", "/_nodes/http", "/auth-2025-07-10/_bulk",
                "/web/_doc", "/web/_doc/1", "/_index_template/filebeat-8.17.0"}) {
            assertTrue(ElasticsearchRouting.isElasticsearch("POST", path, null, false), path);
        }
        for (String path : new String[]{"/api/logs/web/_bulk", "/logs/web/_bulk", "/health/ready", "/metrics", "/openapi",
                "/VAADIN/build/x.js", "/indexes", "/tail", "/favicon.ico"}) {
            assertFalse(ElasticsearchRouting.isElasticsearch("GET", path, null, false), path);
        }
        assertFalse(ElasticsearchRouting.isElasticsearch("GET", "/indexes", BROWSER, false), "the console's page");
        assertTrue(ElasticsearchRouting.isElasticsearch("GET", "/auth-2025-07-10", "application/json", false), "an index, to a client");
        assertTrue(ElasticsearchRouting.isElasticsearch("HEAD", "/auth-2025-07-10", null, false));
        assertTrue(ElasticsearchRouting.isElasticsearch("DELETE", "/auth-2025-07-10", null, false));
        assertTrue(ElasticsearchRouting.isElasticsearch("PUT", "/auth-2025-07-10", null, false), "a client creating its index");
        assertTrue(ElasticsearchRouting.isElasticsearch("POST", "/healthapp-1/_bulk", null, false), "not the health endpoints");
        assertTrue(ElasticsearchRouting.isElasticsearch("POST", "/metrics-web/_search", null, false), "not the metrics");
        assertFalse(ElasticsearchRouting.isElasticsearch("GET", "/health/ready", null, false));
        assertFalse(ElasticsearchRouting.isElasticsearch("GET", "/metrics", null, false));
        assertTrue(ElasticsearchRouting.isConsole("v-r=uidl&v-uiId=0"));
        assertTrue(ElasticsearchRouting.isConsole("location=&v-r=init"));
        assertFalse(ElasticsearchRouting.isConsole("refresh=wait_for"));
        assertFalse(ElasticsearchRouting.isConsole(null));
    }

    @Test
    void aVendorMediaTypeNamesItsVersion() {
        assertEquals("8", ElasticsearchResource.compatibleWith("application/vnd.elasticsearch+json; compatible-with=8"));
        assertEquals("9", ElasticsearchResource.compatibleWith("application/vnd.elasticsearch+x-ndjson;compatible-with=9"));
        assertNull(ElasticsearchResource.compatibleWith("application/json"));
        assertNull(ElasticsearchResource.compatibleWith(null));
    }
}
