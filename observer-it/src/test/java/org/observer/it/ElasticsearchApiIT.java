package org.observer.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.InfoResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import jakarta.json.JsonObject;
import org.apache.hc.core5.http.HttpHost;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Elasticsearch-compatible API at the root of the port, driven by the official Java client
 * (its {@code info} and {@code BulkIngester}), the official JavaScript client and Debian's rsyslog
 * (as child processes: {@link ElasticsearchJs}, {@link Rsyslogd}) and by plain HTTP as shippers
 * send it (gzip bodies, vendor media types, templates installed before shipping); every count is
 * checked through the native search API.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ElasticsearchApiIT {

    private static final String VENDOR_JSON = "application/vnd.elasticsearch+json; compatible-with=8";

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("observer.war")));
    }

    @ArquillianResource
    URL base;

    private Http http;
    private final HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void client() {
        http = new Http(base.toString());
    }

    private String root() {
        String url = base.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private HttpResponse<String> send(String method, String path, String accept, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return raw.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> answer) {
        return jakarta.json.Json.createReader(new java.io.StringReader(answer.body())).readObject();
    }

    /** Waits until the native search counts {@code expected} logs in {@code index}; returns the count seen last. */
    private long awaitCount(String index, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long count = -1;
        while (System.nanoTime() < deadline) {
            count = nativeCount(index, null);
            if (count == expected) {
                return count;
            }
            Thread.sleep(200);
        }
        return count;
    }

    /** What the native search counts in {@code index} (matching {@code q} unless null); -1 if it did not answer 200. */
    private long nativeCount(String index, String q) throws Exception {
        Http.Answer answer = http.get("/api/search?size=0&index=" + index + (q == null ? "" : "&q=" + Http.enc(q)));
        return answer.status() == 200 ? answer.json().getJsonNumber("total").longValue() : -1;
    }

    /** Every log's {@code message} in {@code index}, sorted, through the native search (at most 10,000). */
    private List<String> storedMessages(String index) throws Exception {
        Http.Answer answer = http.get("/api/search?size=10000&index=" + index);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().getJsonArray("hits").getValuesAs(JsonObject.class).stream()
                .map(hit -> hit.getJsonObject("source").getString("message")).sorted().toList();
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    @Test
    void theRootAnswersClientsAsElasticsearchAndBrowsersWithTheConsole() throws Exception {
        HttpResponse<String> info = send("GET", "/", VENDOR_JSON, null);
        assertEquals(200, info.statusCode(), info.body());
        assertEquals("Elasticsearch", info.headers().firstValue("X-Elastic-Product").orElse(null));
        assertTrue(info.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.elasticsearch+json"),
                info.headers().toString());
        JsonObject version = json(info).getJsonObject("version");
        assertTrue(version.getString("number").matches("8\\.\\d+\\.\\d+"), info.body());
        assertEquals("default", version.getString("build_flavor"));
        assertFalse(json(info).getString("cluster_uuid").isBlank());
        assertEquals("You Know, for Search", json(info).getString("tagline"));

        assertEquals(200, send("HEAD", "/", null, null).statusCode());
        HttpResponse<String> console = send("GET", "/", "text/html,application/xhtml+xml,*/*;q=0.8", null);
        assertEquals(200, console.statusCode());
        assertTrue(console.body().toLowerCase(Locale.ROOT).contains("<html"), "a browser gets the console");

        JsonObject license = json(send("GET", "/_license", null, null)).getJsonObject("license");
        assertEquals("basic", license.getString("type"));
        assertEquals("active", license.getString("status"));
        assertEquals("green", json(send("GET", "/_cluster/health", null, null)).getString("status"));
        assertTrue(send("GET", "/_cat/health", null, null).body().contains(" green "));
        JsonObject nodes = json(send("GET", "/_nodes/http", null, null)).getJsonObject("nodes");
        assertEquals(1, nodes.size(), nodes.toString());
        String publish = nodes.getJsonObject(nodes.keySet().iterator().next()).getJsonObject("http").getString("publish_address");
        URI announced = URI.create(Http.upNode(http.get("/api/cluster").json()).getString("url"));
        assertEquals(announced.getHost() + ":" + announced.getPort(), publish, "where the node says clients reach it");

        HttpResponse<String> unsupported = send("GET", "/_snapshot/repo", null, null);
        assertEquals(400, unsupported.statusCode());
        assertTrue(json(unsupported).getJsonObject("error").getString("reason").contains("no handler found"), unsupported.body());
        assertEquals(400, send("GET", "/", "application/vnd.elasticsearch+json; compatible-with=5", null).statusCode(),
                "a version this API does not speak");
    }

    @Test
    void templatesPoliciesAndPipelinesAreAcknowledgedAndGivenBack() throws Exception {
        String template = "{\"index_patterns\":[\"filebeat-*\"],\"template\":{\"settings\":{\"number_of_shards\":1}}}";
        String name = "filebeat-it-" + System.nanoTime(); // templates are kept in Kafka, across runs of the broker
        assertEquals(404, send("GET", "/_index_template/" + name, null, null).statusCode());
        HttpResponse<String> put = send("PUT", "/_index_template/" + name, null, template.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertEquals(200, put.statusCode(), put.body());
        assertTrue(json(put).getBoolean("acknowledged"));
        JsonObject got = json(send("GET", "/_index_template/" + name, null, null));
        assertEquals(name, got.getJsonArray("index_templates").getJsonObject(0).getString("name"));
        HttpResponse<String> policy = send("PUT", "/_ilm/policy/logs-it", null,
                "{\"policy\":{\"phases\":{\"delete\":{\"min_age\":\"30d\",\"actions\":{\"delete\":{}}}}}}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, policy.statusCode(), policy.body());
        assertTrue(json(send("GET", "/_ilm/policy/logs-it", null, null)).getJsonObject("logs-it").getJsonObject("policy")
                .containsKey("phases"));
        assertEquals(400, send("PUT", "/_ingest/pipeline/p", null, "not json".getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    /**
     * An ILM policy's delete phase, attached to an index pattern by a template, is that pattern's
     * retention: shown by the native API, and an index whose newest log is older is deleted by the
     * lifecycle timer (every 2 s on this test node) while a younger one stays.
     */
    @Test
    void anIlmDeletePhaseAttachedToAPatternIsItsRetention() throws Exception {
        String prefix = "ilm-" + System.nanoTime();
        assertEquals(200, send("PUT", "/_ilm/policy/" + prefix + "-1d", null,
                "{\"policy\":{\"phases\":{\"hot\":{\"actions\":{}},\"delete\":{\"min_age\":\"1d\",\"actions\":{\"delete\":{}}}}}}"
                        .getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(200, send("PUT", "/_index_template/" + prefix, null, ("{\"index_patterns\":[\"" + prefix + "-*\"],"
                + "\"template\":{\"settings\":{\"index\":{\"lifecycle\":{\"name\":\"" + prefix + "-1d\"}}}}}")
                .getBytes(StandardCharsets.UTF_8)).statusCode());
        String young = prefix + "-young";
        String old = prefix + "-old";
        java.time.Instant now = java.time.Instant.now();
        String bulk = "{\"create\":{\"_index\":\"" + young + "\"}}\n{\"@timestamp\":\"" + now + "\",\"message\":\"kept\"}\n"
                + "{\"create\":{\"_index\":\"" + old + "\"}}\n{\"@timestamp\":\"" + now.minus(Duration.ofDays(3))
                + "\",\"message\":\"expired\"}\n";
        HttpResponse<String> stored = send("POST", "/_bulk?refresh=wait_for", null, bulk.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-ndjson");
        assertFalse(json(stored).getBoolean("errors"), stored.body());
        assertEquals("1d", http.get("/api/indexes/" + young).json().getString("retention"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && http.get("/api/indexes/" + old).status() == 200) {
            Thread.sleep(200);
        }
        assertEquals(404, http.get("/api/indexes/" + old).status(), "the index older than its policy's delete phase is gone");
        assertEquals(200, http.get("/api/indexes/" + young).status());
        assertEquals(1, awaitCount(young, 1));
    }

    @Test
    void bulkBodiesAsShippersSendThemAreStoredItemByItem() throws Exception {
        String index = "es-bulk-" + System.nanoTime();
        List<String> lines = Loghub.lines("Apache", 300);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            body.append(i % 2 == 0 ? "{\"index\":{\"_index\":\"" + index + "\",\"_type\":\"_doc\"}}\n" : "{\"create\":{\"_id\":\"c" + i + "\"}}\n")
                    .append("{\"message\":").append(Loghub.quote(lines.get(i))).append("}\n");
        }
        body.append("{\"delete\":{\"_index\":\"").append(index).append("\",\"_id\":\"x\"}}\n");
        body.append("{\"index\":{}}\n{\"message\": not json}\n");
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> answer = send("POST", "/" + index + "/_bulk?refresh=wait_for", VENDOR_JSON, packed.toByteArray(),
                "Content-Type", "application/vnd.elasticsearch+x-ndjson; compatible-with=8", "Content-Encoding", "gzip");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().startsWith("{\"took\":"), "Elasticsearch's key order: " + answer.body().substring(0, 40));
        assertTrue(answer.body().contains("\"errors\":true,\"items\":["), "Fluent Bit string-searches this");
        JsonObject result = json(answer);
        assertEquals(lines.size() + 2, result.getJsonArray("items").size(), "one item per action, in order");
        JsonObject first = result.getJsonArray("items").getJsonObject(0).getJsonObject("index");
        assertEquals(index, first.getString("_index"));
        assertEquals(201, first.getInt("status"));
        assertEquals("c1", result.getJsonArray("items").getJsonObject(1).getJsonObject("create").getString("_id"), "_id kept");
        assertEquals(400, result.getJsonArray("items").getJsonObject(lines.size()).getJsonObject("delete").getInt("status"));
        JsonObject bad = result.getJsonArray("items").getJsonObject(lines.size() + 1).getJsonObject("index");
        assertEquals(400, bad.getInt("status"));
        assertNotNull(bad.getJsonObject("error").getString("reason"));
        assertEquals(lines.size(), awaitCount(index, lines.size()), "every document stored once, the bad ones not");

        HttpResponse<String> single = send("POST", "/" + index + "/_doc?refresh=wait_for", null,
                "{\"message\":\"one more\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(201, single.statusCode(), single.body());
        assertEquals("created", json(single).getString("result"));
        assertEquals(lines.size() + 1, awaitCount(index, lines.size() + 1));

        HttpResponse<String> cat = send("GET", "/_cat/indices/es-bulk-*?format=json", null, null);
        assertEquals(200, cat.statusCode(), cat.body());
        JsonObject listed = jakarta.json.Json.createReader(new java.io.StringReader(cat.body())).readArray().getValuesAs(JsonObject.class)
                .stream().filter(o -> o.getString("index").equals(index)).findFirst().orElseThrow();
        assertEquals(String.valueOf(lines.size() + 1), listed.getString("docs.count"));
        JsonObject resolved = json(send("GET", "/_resolve/index/es-bulk-*", null, null));
        assertTrue(resolved.getJsonArray("indices").getValuesAs(JsonObject.class).stream()
                .anyMatch(o -> o.getString("name").equals(index)), resolved.toString());
        assertEquals(200, send("HEAD", "/" + index, null, null).statusCode());
        assertTrue(json(send("GET", "/" + index, "application/json", null)).containsKey(index));
        assertEquals(400, send("DELETE", "/es-bulk-*", null, null).statusCode(), "no wildcard deletes");
        HttpResponse<String> deleted = send("DELETE", "/" + index, null, null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(404, send("HEAD", "/" + index, null, null).statusCode());
        assertEquals("index_not_found_exception", json(send("GET", "/" + index, VENDOR_JSON, null)).getJsonObject("error")
                .getString("type"));

        // zlib-packed (Vector's deflate) with the filter_path Beats and Logstash send; an encoding not spoken is a 415
        String index2 = "es-deflate-" + System.nanoTime();
        String two = "{\"create\":{}}\n{\"message\":\"one\"}\n{\"create\":{}}\n{\"message\":\"two\"}\n";
        java.io.ByteArrayOutputStream zlibBody = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream zlib = new java.util.zip.DeflaterOutputStream(zlibBody)) {
            zlib.write(two.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> filtered = send("POST", "/" + index2 + "/_bulk?filter_path=errors,items.*.error,items.*.status",
                null, zlibBody.toByteArray(), "Content-Type", "application/x-ndjson", "Content-Encoding", "deflate");
        assertEquals(200, filtered.statusCode(), filtered.body());
        assertEquals("{\"errors\":false,\"items\":[{\"create\":{\"status\":201}},{\"create\":{\"status\":201}}]}", filtered.body());
        assertEquals(2, awaitCount(index2, 2));
        HttpResponse<String> snappy = send("POST", "/_bulk", null, two.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-ndjson", "Content-Encoding", "snappy");
        assertEquals(415, snappy.statusCode(), snappy.body());
        assertTrue(json(snappy).getJsonObject("error").getString("reason").contains("snappy"), snappy.body());
        // clients that create their index first
        HttpResponse<String> created = send("PUT", "/es-created-" + System.nanoTime(), null,
                "{\"settings\":{\"number_of_shards\":1}}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(200, created.statusCode(), created.body());
        assertTrue(json(created).getBoolean("acknowledged"));
        assertEquals(400, send("PUT", "/" + index2, null, null).statusCode(), "it exists already");
        assertEquals(400, send("PUT", "/%3Clogstash-%7Bnow%2Fd%7D-000001%3E", null, null).statusCode(), "not a valid name");

        HttpResponse<String> malformed = send("POST", "/_bulk", null, "{\"index\":{}}\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals(400, json(malformed).getInt("status"));
        assertTrue(json(malformed).getJsonObject("error").getString("reason").contains("no document"), malformed.body());
    }

    @Test
    void theOfficialJavaClientConnectsAndItsBulkIngesterStoresEveryDocumentOnce() throws Exception {
        String index = "es-client-" + System.nanoTime();
        List<String> lines = Loghub.lines("HDFS", 2000);
        AtomicInteger failedItems = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try (Rest5Client rest = Rest5Client.builder(HttpHost.create(root())).build()) {
            ElasticsearchClient es = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
            InfoResponse info = es.info();
            assertTrue(info.version().number().startsWith("8."), info.version().number());
            assertTrue(es.ping().value());

            BulkListener<Void> listener = new BulkListener<>() {
                @Override
                public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {
                }

                @Override
                public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
                    for (BulkResponseItem item : response.items()) {
                        if (item.error() != null) {
                            failedItems.incrementAndGet();
                            failures.add(item.error().reason());
                        }
                    }
                }

                @Override
                public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable failure) {
                    failures.add(failure.toString());
                }
            };
            try (BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(es).maxOperations(300)
                    .flushInterval(1, TimeUnit.SECONDS).listener(listener))) {
                for (String line : lines) {
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put("message", line);
                    document.put("source", "hdfs");
                    ingester.add(op -> op.index(i -> i.index(index).document(document)));
                }
            }
        }
        assertEquals(List.of(), failures, "the ingester saw no failure");
        assertEquals(0, failedItems.get());
        assertEquals(lines.size(), awaitCount(index, lines.size()), "each document found once through the native search");

        try (Rest5Client rest = Rest5Client.builder(HttpHost.create(root())).build()) {
            ElasticsearchClient es = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
            long now = System.currentTimeMillis();
            SearchResponse<Map> found = es.search(s -> s.index(index + "*")
                    .size(5)
                    .query(q -> q.bool(b -> b
                            .must(m -> m.queryString(qs -> qs.query("info")))
                            .filter(f -> f.range(r -> r.untyped(u -> u.field("@timestamp")
                                    .gte(JsonData.of(now - 3_600_000)).lt(JsonData.of(now + 3_600_000)).format("epoch_millis"))))))
                    .aggregations("per_minute", a -> a.dateHistogram(h -> h.field("@timestamp")
                            .fixedInterval(t -> t.time("1m")))), Map.class);
            long expected = Loghub.countWithToken(lines, "info");
            assertEquals(expected, found.hits().total().value(), "query_string and a time range, through an index pattern");
            assertEquals(5, found.hits().hits().size());
            assertEquals("hdfs", found.hits().hits().get(0).source().get("source"));
            long bucketed = found.aggregations().get("per_minute").dateHistogram().buckets().array().stream()
                    .mapToLong(b -> b.docCount()).sum();
            assertEquals(expected, bucketed, "the date_histogram counts every match");
            assertEquals(lines.size(), es.count(c -> c.index(index)).count());

            // the client's msearch: two searches in one request, each answered with its own total
            var multi = es.msearch(m -> m
                    .searches(s -> s.header(h -> h.index(index)).body(b -> b.size(0)
                            .query(q -> q.queryString(qs -> qs.query("info")))))
                    .searches(s -> s.header(h -> h.index(index)).body(b -> b.size(1)
                            .query(q -> q.queryString(qs -> qs.query("NOT info"))))), Map.class);
            assertEquals(2, multi.responses().size());
            assertEquals(expected, multi.responses().get(0).result().hits().total().value());
            assertEquals(lines.size() - expected, multi.responses().get(1).result().hits().total().value());
            assertEquals(1, multi.responses().get(1).result().hits().hits().size());
        }
        // as Grafana's Elasticsearch data source asks: a count per minute over the last hour, and a bad query beside it
        long now = System.currentTimeMillis();
        String grafana = "{\"index\":[\"" + index + "\"],\"ignore_unavailable\":true}\n"
                + "{\"size\":0,\"query\":{\"bool\":{\"filter\":[{\"range\":{\"@timestamp\":{\"gte\":" + (now - 3_600_000)
                + ",\"lte\":" + (now + 60_000) + ",\"format\":\"epoch_millis\"}}},{\"query_string\":{\"analyze_wildcard\":true,"
                + "\"query\":\"*\"}}]}},\"aggs\":{\"2\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1m\","
                + "\"min_doc_count\":0,\"format\":\"epoch_millis\"}}}}\n"
                + "{\"index\":\"" + index + "\"}\n{\"query\":{\"regexp\":{\"message\":\"a.*\"}}}\n";
        HttpResponse<String> msearch = send("POST", "/_msearch", null, grafana.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-ndjson");
        assertEquals(200, msearch.statusCode(), msearch.body());
        JsonObject first = json(msearch).getJsonArray("responses").getJsonObject(0);
        assertEquals(200, first.getInt("status"));
        assertEquals(lines.size(), first.getJsonObject("hits").getJsonObject("total").getInt("value"));
        long perMinute = first.getJsonObject("aggregations").getJsonObject("2").getJsonArray("buckets")
                .getValuesAs(JsonObject.class).stream().mapToLong(b -> b.getJsonNumber("doc_count").longValue()).sum();
        assertEquals(lines.size(), perMinute);
        assertEquals(400, json(msearch).getJsonArray("responses").getJsonObject(1).getInt("status"), "regexp is not supported");

        HttpResponse<String> unsupported = send("POST", "/" + index + "/_search", null,
                "{\"query\":{\"fuzzy\":{\"message\":\"blok\"}}}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(400, unsupported.statusCode());
        assertTrue(json(unsupported).getJsonObject("error").getString("reason").contains("[fuzzy]"), unsupported.body());
    }

    /**
     * What Grafana and Kibana read besides hits: mappings and field caps derived from the logs,
     * pages through {@code search_after}, {@code _source} filtering, highlights, and aggregations
     * nested one level either way — each figure compared with counting the source lines.
     */
    @Test
    void fieldsPagesHighlightsAndNestedAggregationsMatchTheSource() throws Exception {
        String index = "sshd-" + System.nanoTime();
        List<String> lines = Loghub.lines("OpenSSH", 2_000);
        long start = 1_752_148_800_000L; // 2025-07-10T12:00:00Z; a log every 300 ms: ten minutes
        StringBuilder bulk = new StringBuilder();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String after = line.substring(line.indexOf("]: ") + 3);
            String event = after.split("[^A-Za-z]", 2)[0].toLowerCase(Locale.ROOT);
            events.add(event.isEmpty() ? "other" : event);
            bulk.append("{\"create\":{}}\n{\"@timestamp\":\"").append(java.time.Instant.ofEpochMilli(start + 300L * i))
                    .append("\",\"event\":\"").append(events.get(i)).append("\",\"pid\":").append(i % 7)
                    .append(",\"message\":").append(Loghub.quote(line)).append("}\n");
        }
        HttpResponse<String> stored = send("POST", "/" + index + "/_bulk?refresh=wait_for", null,
                bulk.toString().getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-ndjson");
        assertEquals(200, stored.statusCode(), stored.body());
        assertFalse(json(stored).getBoolean("errors"));
        assertEquals(lines.size(), awaitCount(index, lines.size()));
        Map<String, Long> perEvent = new LinkedHashMap<>();
        events.forEach(e -> perEvent.merge(e, 1L, Long::sum));
        List<String> topEvents = perEvent.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).limit(3).toList();

        try (Rest5Client rest = Rest5Client.builder(HttpHost.create(root())).build()) {
            ElasticsearchClient es = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
            var mapping = es.indices().getMapping(m -> m.index(index)).get(index).mappings().properties();
            assertTrue(mapping.get("@timestamp").isDate(), "the log's time is a date");
            assertTrue(mapping.get("event").isKeyword(), "short values are keywords");
            assertTrue(mapping.get("message").isText(), "messages are text");
            assertTrue(mapping.get("pid").isLong());
            var caps = es.fieldCaps(f -> f.index(index).fields("*")).fields();
            assertTrue(caps.get("event").get("keyword").aggregatable());
            assertFalse(caps.get("message").get("text").aggregatable());

            // every "failed" log once, in pages of 100 through search_after
            long failed = perEvent.getOrDefault("failed", 0L);
            assertTrue(failed > 100, "the sample has pages of failed logins");
            java.util.Set<String> ids = new java.util.HashSet<>();
            List<co.elastic.clients.elasticsearch._types.FieldValue> after = null;
            int pages = 0;
            while (true) {
                List<co.elastic.clients.elasticsearch._types.FieldValue> from = after;
                SearchResponse<Map> page = es.search(s -> {
                    s.index(index).size(100).query(q -> q.term(t -> t.field("event").value("failed")))
                            .sort(o -> o.field(f -> f.field("@timestamp").order(co.elastic.clients.elasticsearch._types.SortOrder.Desc)))
                            .source(src -> src.filter(f -> f.includes("event")));
                    return from == null ? s : s.searchAfter(from);
                }, Map.class);
                if (page.hits().hits().isEmpty()) {
                    break;
                }
                pages++;
                for (var hit : page.hits().hits()) {
                    assertTrue(ids.add(hit.id()), "no hit twice: " + hit.id());
                    assertEquals(Map.of("event", "failed"), hit.source(), "_source filtered to the field asked for");
                }
                after = page.hits().hits().get(page.hits().hits().size() - 1).sort();
            }
            assertEquals(failed, ids.size(), "the pages hold every failed log");
            assertEquals((failed + 99) / 100, pages);

            // and oldest first: the same logs, in ascending time
            List<Long> times = new ArrayList<>();
            java.util.Set<String> ascending = new java.util.HashSet<>();
            after = null;
            while (true) {
                List<co.elastic.clients.elasticsearch._types.FieldValue> from = after;
                SearchResponse<Map> page = es.search(s -> {
                    s.index(index).size(70).query(q -> q.term(t -> t.field("event").value("failed")))
                            .sort(o -> o.field(f -> f.field("@timestamp").order(co.elastic.clients.elasticsearch._types.SortOrder.Asc)));
                    return from == null ? s : s.searchAfter(from);
                }, Map.class);
                if (page.hits().hits().isEmpty()) {
                    break;
                }
                for (var hit : page.hits().hits()) {
                    assertTrue(ascending.add(hit.id()), "no hit twice oldest first: " + hit.id());
                    times.add(java.time.Instant.parse((String) hit.source().get("@timestamp")).toEpochMilli());
                }
                after = page.hits().hits().get(page.hits().hits().size() - 1).sort();
            }
            assertEquals(ids, ascending, "oldest first pages hold the same logs");
            List<Long> sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            assertEquals(sorted, times, "in ascending time");
            assertEquals(start + 300L * events.indexOf("failed"), times.get(0), "the oldest failed log first");

            SearchResponse<Map> highlighted = es.search(s -> s.index(index).size(1)
                    .query(q -> q.queryString(qs -> qs.query("message:invalid")))
                    .highlight(h -> h.fields(co.elastic.clients.util.NamedValue.of("message",
                            co.elastic.clients.elasticsearch.core.search.HighlightField.of(f -> f)))), Map.class);
            List<String> fragments = highlighted.hits().hits().get(0).highlight().get("message");
            assertTrue(fragments.get(0).toLowerCase(Locale.ROOT).contains("<em>invalid</em>"), fragments.toString());
        }

        // Grafana: a date histogram per term (terms outside), counts per minute compared with the source
        String perTerm = "{\"size\":0,\"aggs\":{\"3\":{\"terms\":{\"field\":\"event\",\"size\":3,"
                + "\"order\":{\"_count\":\"desc\"},\"min_doc_count\":1},\"aggs\":{\"2\":{\"date_histogram\":"
                + "{\"field\":\"@timestamp\",\"fixed_interval\":\"1m\",\"min_doc_count\":0,\"format\":\"epoch_millis\","
                + "\"extended_bounds\":{\"min\":" + start + ",\"max\":" + (start + 599_999) + "}}}}}}}";
        JsonObject answer = json(send("POST", "/" + index + "/_search", null, perTerm.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json"));
        List<JsonObject> termBuckets = answer.getJsonObject("aggregations").getJsonObject("3").getJsonArray("buckets")
                .getValuesAs(JsonObject.class);
        assertEquals(topEvents, termBuckets.stream().map(b -> b.getString("key")).toList(), answer.toString());
        for (JsonObject term : termBuckets) {
            List<JsonObject> minutes = term.getJsonObject("2").getJsonArray("buckets").getValuesAs(JsonObject.class);
            assertEquals(10, minutes.size(), "a bucket per minute of the extended bounds");
            for (int m = 0; m < 10; m++) {
                long expected = 0;
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).equals(term.getString("key")) && 300L * i / 60_000 == m) {
                        expected++;
                    }
                }
                assertEquals(expected, minutes.get(m).getJsonNumber("doc_count").longValue(), term.getString("key") + " minute " + m);
                assertEquals(String.valueOf(start + m * 60_000L), minutes.get(m).getString("key_as_string"));
            }
        }
        // Kibana: the top term of every minute (terms inside the histogram), and a value count beside it
        String perMinute = "{\"size\":0,\"aggs\":{\"m\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1m\"},"
                + "\"aggs\":{\"top\":{\"terms\":{\"field\":\"event\",\"size\":1}},\"n\":{\"value_count\":{\"field\":\"pid\"}}}}}}";
        List<JsonObject> minutes = json(send("POST", "/" + index + "/_search", null, perMinute.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json")).getJsonObject("aggregations").getJsonObject("m").getJsonArray("buckets")
                .getValuesAs(JsonObject.class);
        assertEquals(10, minutes.size());
        for (int m = 0; m < 10; m++) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = m * 200; i < (m + 1) * 200; i++) {
                counts.merge(events.get(i), 1L, Long::sum);
            }
            long most = Collections.max(counts.values());
            JsonObject top = minutes.get(m).getJsonObject("top").getJsonArray("buckets").getJsonObject(0);
            assertEquals(most, top.getJsonNumber("doc_count").longValue(), "minute " + m);
            assertEquals(200, minutes.get(m).getJsonObject("n").getInt("value"), "every log has a pid");
        }
    }

    /**
     * Any Kafka producer can feed {@code observer.ingest}: the key names the index, the value is the
     * JSON log; without this node's time header the log's own {@code @timestamp} is its time.
     */
    @Test
    void aPlainKafkaProducerFeedsTheIngestTopicDirectly() throws Exception {
        String index = "kcat-" + System.nanoTime();
        List<String> lines = Loghub.lines("Linux", 500);
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            input.append(index).append('\t').append("{\"@timestamp\":\"2025-07-10T12:").append(String.format("%02d:%02d", i / 60 % 60, i % 60))
                    .append("Z\",\"message\":").append(Loghub.quote(lines.get(i))).append("}\n");
        }
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", TestKafka.bootstrap(), "-t", "observer.ingest", "-K", "\t",
                "-X", "enable.idempotence=true").redirectErrorStream(true).start();
        try (var in = kcat.getOutputStream()) {
            in.write(input.toString().getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(kcat.waitFor(60, TimeUnit.SECONDS), "kcat did not finish");
        assertEquals(0, kcat.exitValue(), new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        // _refresh answers once everything Kafka holds is searchable, produced here or not
        HttpResponse<String> refreshed = send("POST", "/" + index + "/_refresh", null, null);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(lines.size(), nativeCount(index, null), "every line kcat produced is found once, right after _refresh");
        long inRange = http.get("/api/search?size=0&index=" + index + "&from=2025-07-10T12:00:00Z&to=2025-07-10T12:05:00Z")
                .json().getJsonNumber("total").longValue();
        assertEquals(300, inRange, "the logs' own @timestamp is their time: 12:00-12:05 holds the first 300");
    }

    /**
     * The official JavaScript client ({@code @elastic/elasticsearch} 9, {@code src/test/js}) as a
     * Node application uses it: its bulk helper ships real Hadoop logs with {@code refresh=wait_for},
     * so its search and count right after must already find every one; the native search must
     * agree, log for log.
     */
    @Test
    void theOfficialJavaScriptClientsBulkHelperShipsEveryLogAndItsSearchAndCountFindThem() throws Exception {
        String index = "es-js-" + System.nanoTime();
        List<String> lines = Loghub.lines("Hadoop", 2000);
        Path file = Files.write(Files.createDirectories(Path.of(System.getProperty("observer.it.dir"), "elasticsearch-js-logs"))
                .resolve(index + ".log"), lines, StandardCharsets.UTF_8);
        String query = "error";
        long matching = Loghub.countWithToken(lines, query);
        assertTrue(matching > 0 && matching < lines.size(), "the query tells logs apart: " + matching);

        JsonObject report = ElasticsearchJs.shipAndSearch(root(), index, file, query);

        JsonObject bulk = report.getJsonObject("bulk");
        assertEquals(lines.size(), bulk.getInt("total"), report.toString());
        assertEquals(lines.size(), bulk.getInt("successful"), report.toString());
        assertEquals(0, bulk.getInt("failed"), report.toString());
        assertFalse(bulk.getBoolean("aborted"), report.toString());
        assertTrue(report.getJsonArray("dropped").isEmpty(), report.toString());
        assertEquals(lines.size(), nativeCount(index, null), "refresh=wait_for: every log searchable when the helper ends");
        assertEquals(sorted(lines), storedMessages(index), "each line stored once, as it was read");
        assertEquals(matching, nativeCount(index, query));

        JsonObject search = report.getJsonObject("search");
        assertEquals(matching, search.getJsonNumber("total").longValue(), "the client's query_string search");
        assertEquals(3, search.getJsonArray("hits").size());
        for (JsonObject hit : search.getJsonArray("hits").getValuesAs(JsonObject.class)) {
            assertEquals(1, Loghub.countWithToken(List.of(hit.getString("message")), query), hit.toString());
            assertTrue(hit.getString("@timestamp").startsWith("2025-07-11T"), hit.toString());
        }
        assertEquals(matching, report.getJsonObject("count").getJsonNumber("matching").longValue(), "the client's count");
        assertEquals(lines.size(), report.getJsonObject("count").getJsonNumber("all").longValue());
    }

    /**
     * Debian's rsyslog as a log host runs it: imfile reads a file of Spark logs (held out: no other
     * test ships them) and omelasticsearch ships it in bulk to the root's {@code /_bulk}. Every
     * line must be stored exactly once: none lost, none sent or stored twice.
     */
    @Test
    void rsyslogsOmelasticsearchShipsEveryLineOfAFileOnce() throws Exception {
        String index = "rsyslog-" + System.nanoTime();
        List<String> lines = Loghub.lines("Spark", 2000);
        Path dir = Files.createDirectories(Path.of(System.getProperty("observer.it.dir"), "rsyslog", index));
        Path file = Files.write(dir.resolve("spark.log"), lines, StandardCharsets.UTF_8);
        long count = -1;
        String said;
        try (Rsyslogd rsyslogd = Rsyslogd.ship(dir, file, base.getHost(), base.getPort(), index)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (count < lines.size() && rsyslogd.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                count = nativeCount(index, null);
            }
            said = rsyslogd.said();
            assertTrue(rsyslogd.isAlive(), "rsyslogd ended early:" + said);
        }
        assertEquals(lines.size(), count, "every line of the file, once:" + said);
        assertFalse(Files.exists(Rsyslogd.errorFile(dir)), "omelasticsearch saw a failed request or item:" + said);
        assertEquals(sorted(lines), storedMessages(index), "each line stored once, as it was read");
        assertEquals(Loghub.countWithToken(lines, "broadcast"), nativeCount(index, "broadcast"));
    }
}
