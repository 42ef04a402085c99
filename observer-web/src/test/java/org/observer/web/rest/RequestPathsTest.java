package org.observer.web.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class RequestPathsTest {

    @Test
    void pathsTheContainerWouldResolveElsewhereAreNamed() {
        for (String path : new String[]{"/api/logs/..%2F..%2Fx", "/api/logs/a%2fb", "/x%5Cy/_doc", "/api/indexes/%2e%2e",
                "/api/indexes/%2E/_close", "/a/../_bulk", "/api/logs/./x", "/logs/%2e%2E"}) {
            assertNotNull(RequestPaths.hiddenSegment(path), path);
        }
        for (String path : new String[]{"/", "/api/logs/web-2025.07.10", "/logs-.x/_doc", "/_bulk", "/api/indexes/a..b", "/..a/_doc"}) {
            assertNull(RequestPaths.hiddenSegment(path), path);
        }
    }
}
