package org.observer.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest and search through the real application on Payara Micro, against the real Kafka broker
 * of the test run. Every test uses its own index, so tests do not see each other's logs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IngestAndSearchIT {

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("observer.war")));
    }

    @ArquillianResource
    URL base;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(base.toString());
    }

    private static String index(String name) {
        return "it-" + name + "-" + System.nanoTime();
    }

    @Test
    void nodeIsReady() throws Exception {
        assertEquals(200, http.get("/health/ready").status());
        assertEquals(200, http.get("/health/live").status());
    }

    @Test
    void snapshotRestoresTheIndexAndCatchesUpFromKafkaAndTheOplogTellsWhatHappened() throws Exception {
        String index = index("snap");
        List<String> lines = Loghub.lines("OpenSSH", 1500);
        assertEquals(202, http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", Loghub.ndjson("OpenSSH", lines.subList(0, 1000))).status());
        Http.Answer snapshot = http.post("/api/indexes/" + index + "/_snapshot", "");
        assertEquals(200, snapshot.status(), snapshot.body());
        String name = snapshot.json().getString("snapshot");
        assertEquals(1000, snapshot.json().getJsonNumber("documents").longValue());
        assertEquals(1, http.get("/api/indexes/" + index + "/_snapshots").json().getJsonArray("snapshots").size());
        // written after the snapshot: the restore must bring these back from Kafka
        assertEquals(202, http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", Loghub.ndjson("OpenSSH", lines.subList(1000, 1500))).status());
        String before = answers(index);

        Http.Answer restored = http.post("/api/indexes/" + index + "/_restore?snapshot=" + name, "");
        assertEquals(200, restored.status(), restored.body());
        assertEquals(1500, restored.json().getJsonNumber("documents").longValue());
        assertEquals(before, answers(index), "the restored index answers as before");
        Http.Answer compacted = http.post("/api/indexes/" + index + "/_compact", "");
        assertEquals(200, compacted.status(), compacted.body());
        assertTrue(compacted.json().getJsonNumber("disk_bytes").longValue() < restored.json().getJsonNumber("disk_bytes").longValue(),
                "cold is smaller: " + compacted.body() + " vs " + restored.body());
        assertEquals(before, answers(index), "the compacted index answers as before");

        assertEquals(404, http.post("/api/indexes/" + index + "/_restore?snapshot=nosuch", "").status());
        assertEquals(400, http.post("/api/indexes/" + index + "/_restore?snapshot=../x", "").status());

        List<String> actions = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!actions.contains("compacted") && System.nanoTime() < deadline) {
            Thread.sleep(200); // the archive trails the topic a little
            actions.clear();
            Http.Answer oplog = http.get("/api/oplog?index=" + index + "&from=now-1h");
            assertEquals(200, oplog.status(), oplog.body());
            for (JsonObject entry : oplog.json().getJsonArray("entries").getValuesAs(JsonObject.class)) {
                assertEquals(index, entry.getString("index"));
                actions.add(entry.getString("action"));
            }
        }
        assertEquals("created", actions.get(0), actions.toString());
        for (String action : List.of("written", "sealed", "snapshot", "restored", "compacted")) {
            assertTrue(actions.contains(action), action + " missing from " + actions);
        }
        assertEquals(400, http.get("/api/oplog?size=0").status());
        assertEquals(400, http.get("/api/oplog?from=yesterday").status());

        assertEquals(200, http.delete("/api/indexes/" + index).status());
        assertEquals(404, http.get("/api/indexes/" + index).status());
        assertEquals(404, http.get("/api/search?index=" + index + "&q=").status());
    }

    private String answers(String index) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String q : new String[]{"", "failure", "\"authentication failure\"", "rhost:*", "session AND opened"}) {
            JsonObject json = http.get("/api/search?index=" + index + "&size=30&q=" + Http.enc(q)).json();
            out.append(q).append(' ').append(json.getJsonNumber("total")).append(' ');
            for (JsonObject hit : json.getJsonArray("hits").getValuesAs(JsonObject.class)) {
                out.append(hit.getString("id")).append(',');
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void singleLogIsAcknowledgedWithItsKafkaPositionAndFoundByTerm() throws Exception {
        String index = index("single");
        String log = "{\"@timestamp\":\"2025-07-10T12:00:00Z\",\"message\":\"user alice logged in from 10.0.0.7\",\"user\":{\"name\":\"alice\"}}";
        Http.Answer answer = http.post("/api/logs/" + index + "?refresh=wait_for", log);
        assertEquals(202, answer.status(), answer.body());
        JsonObject receipt = answer.json();
        assertEquals(index, receipt.getString("index"));
        int partition = receipt.getInt("partition");
        long offset = receipt.getJsonNumber("offset").longValue();
        assertEquals(partition + "-" + offset, receipt.getString("id"));

        JsonObject found = http.get("/api/search?index=" + index + "&q=alice").json();
        assertEquals(1, found.getJsonNumber("total").longValue());
        JsonObject hit = found.getJsonArray("hits").getJsonObject(0);
        assertEquals(receipt.getString("id"), hit.getString("id"));
        assertEquals(index, hit.getString("index"));
        assertEquals("2025-07-10T12:00:00Z", hit.getString("timestamp"));
        assertEquals("user alice logged in from 10.0.0.7", hit.getJsonObject("source").getString("message"));
        assertNotNull(found.getJsonNumber("took_ms"));

        assertEquals(1, total(index, "user.name:alice"));
        assertEquals(0, total(index, "message:bob"));
        assertEquals(0, total(index, "alice bob"));
        assertEquals(1, total(index, "logged alice"));
    }

    @Test
    void designAliasPathAcceptsLogsLikeTheApi() throws Exception {
        String index = index("alias");
        Http.Answer answer = http.post("/logs/" + index + "?refresh=wait_for", "{\"message\":\"through the alias\"}");
        assertEquals(202, answer.status(), answer.body());
        assertEquals(1, total(index, "alias"));
    }

    @Test
    void bulkOfThousandLoghubLinesIsSearchable() throws Exception {
        String index = index("bulk");
        List<String> lines = Loghub.lines("Apache", 1000);
        Http.Answer answer = http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", Loghub.ndjson("Apache", lines));
        assertEquals(202, answer.status(), answer.body());
        JsonObject result = answer.json();
        assertEquals(1000, result.getInt("accepted"));
        assertEquals(0, result.getInt("rejected"));
        JsonArray items = result.getJsonArray("items");
        assertEquals(1000, items.size());
        assertEquals(1, items.getJsonObject(0).getInt("line"));
        assertEquals(202, items.getJsonObject(999).getInt("status"));

        assertEquals(1000, total(index, "source:apache"));
        for (String word : List.of("scoreboard", "error", "mod_jk", "workerenv")) {
            long expected = word.equals("mod_jk")
                    ? lines.stream().filter(l -> l.toLowerCase().matches(".*\\bmod_jk\\b.*")).count()
                    : Loghub.countWithToken(lines, word);
            assertTrue(expected > 0, word);
            assertEquals(expected, total(index, word), word);
        }
        JsonObject page = http.get("/api/search?index=" + index + "&q=error&size=5").json();
        assertEquals(5, page.getJsonArray("hits").size());
    }

    @Test
    void bulkRejectsOnlyTheBadLines() throws Exception {
        String index = index("bulkbad");
        String body = "{\"message\":\"first\"}\n{not json}\n\n[1,2]\n{\"message\":\"last\"}\n";
        Http.Answer answer = http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", body);
        assertEquals(207, answer.status(), answer.body());
        JsonObject result = answer.json();
        assertEquals(2, result.getInt("accepted"));
        assertEquals(2, result.getInt("rejected"));
        JsonArray items = result.getJsonArray("items");
        assertEquals(4, items.size());
        assertEquals(202, items.getJsonObject(0).getInt("status"));
        assertEquals(2, items.getJsonObject(1).getInt("line"));
        assertEquals(400, items.getJsonObject(1).getInt("status"));
        assertTrue(items.getJsonObject(1).getString("error").contains("invalid JSON"));
        assertEquals(4, items.getJsonObject(2).getInt("line"));
        assertTrue(items.getJsonObject(2).getString("error").contains("JSON object"));
        assertEquals(5, items.getJsonObject(3).getInt("line"));
        assertEquals(2, total(index, ""));
    }

    @Test
    void timeComesFromTheLogAndRangesCutTheResults() throws Exception {
        String index = index("time");
        String body = String.join("\n",
                "{\"@timestamp\":\"2025-07-10T08:00:00Z\",\"message\":\"day one iso\"}",
                "{\"timestamp\":1752220800000,\"message\":\"day two millis\"}",
                "{\"time\":\"2025/07/12:13:05:10\",\"message\":\"day three slashed\"}");
        assertEquals(202, http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", body).status());

        JsonObject all = http.get("/api/search?index=" + index).json();
        assertEquals(3, all.getJsonNumber("total").longValue());
        JsonArray hits = all.getJsonArray("hits");
        assertEquals("2025-07-12T13:05:10Z", hits.getJsonObject(0).getString("timestamp"));
        assertEquals("2025-07-11T08:00:00Z", hits.getJsonObject(1).getString("timestamp"));
        assertEquals("2025-07-10T08:00:00Z", hits.getJsonObject(2).getString("timestamp"));

        JsonObject dayTwo = http.get("/api/search?index=" + index + "&from=2025-07-11T00:00:00Z&to=2025-07-12T00:00:00Z").json();
        assertEquals(1, dayTwo.getJsonNumber("total").longValue());
        assertEquals("day two millis", dayTwo.getJsonArray("hits").getJsonObject(0).getJsonObject("source").getString("message"));
    }

    @Test
    void prefixAndCommaListsNameSeveralIndexes() throws Exception {
        String stem = index("multi");
        assertEquals(202, http.post("/api/logs/" + stem + "-b?refresh=wait_for",
                "{\"@timestamp\":\"2025-07-11T00:00:00Z\",\"message\":\"shared word\"}").status());
        assertEquals(202, http.post("/api/logs/" + stem + "-a/_bulk?refresh=wait_for",
                "{\"@timestamp\":\"2025-07-10T00:00:00Z\",\"message\":\"shared word\"}\n"
                        + "{\"@timestamp\":\"2025-07-12T00:00:00Z\",\"message\":\"shared word\"}\n").status());
        // a prefix could name every index there is: it needs a time range
        assertError(http.get("/api/search?index=" + stem + "-*&q=shared"), 400, "time range");
        String all = "&from=2025-01-01T00:00:00Z";
        assertEquals(3, http.get("/api/search?index=" + stem + "-*&q=shared" + all).json().getJsonNumber("total").longValue());
        assertEquals(3, http.get("/api/search?index=" + stem + "-a," + stem + "-b&q=shared").json().getJsonNumber("total").longValue());

        // the newest hits across indexes, and an exact total even when fewer documents are fetched
        JsonObject two = http.get("/api/search?index=" + stem + "-*&q=shared&size=2" + all).json();
        assertEquals(3, two.getJsonNumber("total").longValue());
        assertEquals(List.of("2025-07-12T00:00:00Z", "2025-07-11T00:00:00Z"), two.getJsonArray("hits").stream()
                .map(hit -> hit.asJsonObject().getString("timestamp")).toList());
        JsonObject none = http.get("/api/search?index=" + stem + "-*&q=shared&size=0" + all).json();
        assertEquals(3, none.getJsonNumber("total").longValue());
        assertEquals(0, none.getJsonArray("hits").size());
        JsonObject dayOne = http.get("/api/search?index=" + stem + "-*&from=2025-07-10T00:00:00Z&to=2025-07-11T00:00:00Z").json();
        assertEquals(1, dayOne.getJsonNumber("total").longValue());
    }

    /** Logs for the query-language tests: varied fields, words in several forms, numbers, arrays. */
    private static final String LANGUAGE_LOGS = String.join("\n",
            "{\"@timestamp\":\"2025-07-10T08:00:00Z\",\"message\":\"Connection refused to db-01 port 5432\",\"level\":\"ERROR\",\"host\":\"web-01\",\"status\":503,\"bytes\":120}",
            "{\"@timestamp\":\"2025-07-10T08:10:00Z\",\"message\":\"Too many connections from 10.0.0.7\",\"level\":\"WARN\",\"host\":\"web-01-b\",\"status\":429,\"bytes\":2048}",
            "{\"@timestamp\":\"2025-07-10T08:20:00Z\",\"message\":\"Failed to connect to the database\",\"level\":\"error\",\"host\":\"web-02\",\"status\":500,\"bytes\":0}",
            "{\"@timestamp\":\"2025-07-10T09:00:00Z\",\"message\":\"user alice logged in\",\"level\":\"INFO\",\"host\":\"web-02\",\"status\":200,\"user\":\"alice\",\"tags\":[\"auth\",\"login ok\"]}",
            "{\"@timestamp\":\"2025-07-10T09:30:00Z\",\"message\":\"user bob failed the login\",\"level\":\"WARN\",\"host\":\"web-01\",\"status\":401,\"user\":\"bob\"}",
            "{\"@timestamp\":\"2025-07-10T10:00:00Z\",\"message\":\"disk full on /var/log\",\"level\":\"ERROR\",\"host\":\"db-01\",\"status\":507}");

    @Test
    void queryLanguageCoversEverySyntaxElement() throws Exception {
        String index = index("language");
        Http.Answer ingest = http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", LANGUAGE_LOGS);
        assertEquals(202, ingest.status(), ingest.body());
        // bare words, analyzed: stemming finds other forms, stop words are dropped
        assertEquals(3, total(index, "connection"));
        assertEquals(3, total(index, "connections"));
        assertEquals(2, total(index, "failing"));
        assertEquals(0, total(index, "the"));
        // field:value – exact and case-insensitive on keywords, analyzed on text fields
        assertEquals(3, total(index, "level:error"));
        assertEquals(2, total(index, "host:web-01"));
        assertEquals(1, total(index, "host:web-01-b"));
        assertEquals(1, total(index, "message:database"));
        assertEquals(0, total(index, "message:web"));
        // phrases: order and positions count, stop words hold their place
        assertEquals(1, total(index, "\"failed to connect\""));
        assertEquals(0, total(index, "\"connect failed\""));
        assertEquals(1, total(index, "\"connection refused\""));
        assertEquals(1, total(index, "10.0.0.7"));
        assertEquals(1, total(index, "tags:\"login ok\""));
        // boolean operators and grouping, AND by default
        assertEquals(2, total(index, "user alice OR bob"));
        assertEquals(2, total(index, "alice OR bob"));
        assertEquals(1, total(index, "user AND alice"));
        assertEquals(1, total(index, "user -alice"));
        assertEquals(1, total(index, "user NOT alice"));
        assertEquals(3, total(index, "NOT level:error"));
        assertEquals(4, total(index, "(level:error OR level:warn) AND host:web*"));
        // wildcards, ranges, existence
        assertEquals(3, total(index, "conn*"));
        assertEquals(5, total(index, "host:web-0*"));
        assertEquals(5, total(index, "status:[400 TO 510]"));
        assertEquals(3, total(index, "status:{429 TO 510}"));
        assertEquals(2, total(index, "bytes:>100"));
        assertEquals(3, total(index, "bytes:<=2048"));
        assertEquals(2, total(index, "user:*"));
        assertEquals(4, total(index, "-user:*"));
        assertEquals(3, total(index, "@timestamp:[2025-07-10T09:00:00Z TO *]"));
        // errors say where and what
        Http.Answer bad = http.get("/api/search?index=" + index + "&q=" + Http.enc("(level:error OR"));
        assertEquals(400, bad.status(), bad.body());
        String reason = bad.json().getJsonObject("error").getString("reason");
        assertTrue(reason.contains("position") && reason.contains("expected"), reason);
        assertError(http.get("/api/search?index=" + index + "&q=" + Http.enc("status:[1 TO")), 400, "position");
        assertError(http.get("/api/search?index=" + index + "&q=" + Http.enc("f*il")), 400, "end of a term");
        assertError(http.get("/api/search?index=" + index + "&q=" + Http.enc("a)")), 400, "position 1");
    }

    @Test
    void aggregationsHighlightsAndThePostForm() throws Exception {
        String index = index("aggs");
        assertEquals(202, http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", LANGUAGE_LOGS).status());
        JsonObject result = http.get("/api/search?index=" + index + "&q=" + Http.enc("-user:*")
                + "&histogram=1h&terms=level,host&terms_size=2&highlight=true&size=10").json();
        assertEquals(4, result.getJsonNumber("total").longValue());
        JsonObject histogram = result.getJsonObject("aggregations").getJsonObject("histogram");
        assertEquals(3_600_000, histogram.getJsonNumber("interval_ms").longValue());
        assertEquals(List.of("2025-07-10T08:00:00Z:3", "2025-07-10T09:00:00Z:0", "2025-07-10T10:00:00Z:1"),
                histogram.getJsonArray("buckets").stream().map(b -> b.asJsonObject().getString("start") + ":"
                        + b.asJsonObject().getJsonNumber("count")).toList());
        JsonObject terms = result.getJsonObject("aggregations").getJsonObject("terms");
        assertEquals(List.of("error:3", "warn:1"), terms.getJsonArray("level").stream()
                .map(t -> t.asJsonObject().getString("term") + ":" + t.asJsonObject().getJsonNumber("count")).toList());
        assertEquals(2, terms.getJsonArray("host").size());

        JsonObject highlighted = http.get("/api/search?index=" + index + "&q=" + Http.enc("connections host:web-01")
                + "&highlight=true").json();
        assertEquals(1, highlighted.getJsonNumber("total").longValue());
        JsonObject spans = highlighted.getJsonArray("hits").getJsonObject(0).getJsonObject("highlight");
        JsonObject message = spans.getJsonArray("message").getJsonObject(0);
        assertEquals(0, message.getInt("start"));
        assertEquals("Connection".length(), message.getInt("end"));
        assertEquals("web-01".length(), spans.getJsonArray("host").getJsonObject(0).getInt("end"));

        Http.Answer post = http.post("/api/search", "{\"index\":\"" + index + "\",\"q\":\"level:error\",\"size\":1,"
                + "\"histogram\":\"auto\",\"terms\":[\"host\"]}");
        assertEquals(200, post.status(), post.body());
        assertEquals(3, post.json().getJsonNumber("total").longValue());
        assertEquals(1, post.json().getJsonArray("hits").size());
        assertNotNull(post.json().getString("next"));
        assertError(http.post("/api/search", "{\"index\":\"" + index + "\",\"qq\":\"x\"}"), 400, "unknown key");
        assertError(http.post("/api/search", "[1]"), 400, "JSON object");
        assertError(http.get("/api/search?index=" + index + "&histogram=1ms&from=2020-01-01T00:00:00Z"), 400, "buckets");
        assertError(http.get("/api/search?index=" + index + "&search_after=garbage!"), 400, "cursor");
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrRepeats() throws Exception {
        String index = index("paging");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 230; i++) {
            // runs of up to 7 logs share a millisecond, so pages end in the middle of ties
            body.append("{\"@timestamp\":").append(1_752_000_000_000L + (i / 7) * 1000L)
                    .append(",\"message\":\"page line ").append(i).append("\"}\n");
        }
        assertEquals(202, http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", body.toString()).status());
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        String next = null;
        long previous = Long.MAX_VALUE;
        int pages = 0;
        do {
            JsonObject page = http.get("/api/search?index=" + index + "&q=page&size=40"
                    + (next == null ? "" : "&search_after=" + Http.enc(next))).json();
            assertEquals(230, page.getJsonNumber("total").longValue(), "every page counts every match");
            for (JsonObject hit : page.getJsonArray("hits").getValuesAs(JsonObject.class)) {
                assertTrue(seen.add(hit.getString("id")), "repeated " + hit);
                long time = java.time.Instant.parse(hit.getString("timestamp")).toEpochMilli();
                assertTrue(time <= previous, "newest first");
                previous = time;
            }
            next = page.isNull("next") ? null : page.getString("next");
            pages++;
        } while (next != null && pages < 20);
        assertEquals(230, seen.size());
        assertEquals(6, pages, "5 full pages and a last one of 30");
    }

    @Test
    void aQueryOnOneDayOpensOnlyThatDaysIndex() throws Exception {
        String stem = index("shard");
        for (String day : List.of("2025-07-10", "2025-07-11", "2025-07-12")) {
            String name = stem + "-" + day;
            assertEquals(202, http.post("/api/logs/" + name + "?refresh=wait_for",
                    "{\"@timestamp\":\"" + day + "T12:00:00Z\",\"message\":\"sharded line\"}").status());
            assertEquals(200, http.post("/api/indexes/" + name + "/_close", "").status());
        }
        JsonObject day = http.get("/api/search?index=" + stem + "-*&q=sharded&from=2025-07-11T00:00:00Z&to=2025-07-12T00:00:00Z").json();
        assertEquals(1, day.getJsonNumber("total").longValue());
        assertEquals("OPEN", http.get("/api/indexes/" + stem + "-2025-07-11").json().getString("state"), "loaded lazily");
        assertEquals("CLOSED", http.get("/api/indexes/" + stem + "-2025-07-10").json().getString("state"), "never opened");
        assertEquals("CLOSED", http.get("/api/indexes/" + stem + "-2025-07-12").json().getString("state"), "never opened");
    }

    @Test
    void indexesAreListedAndCanBeClosedAndLoadedAgainByAQuery() throws Exception {
        String index = index("lifecycle");
        assertEquals(202, http.post("/api/logs/" + index + "?refresh=wait_for", "{\"message\":\"keep me\"}").status());
        JsonObject info = http.get("/api/indexes/" + index).json();
        assertEquals("OPEN", info.getString("state"));
        assertEquals(1, info.getJsonNumber("documents").longValue());
        assertTrue(http.get("/api/indexes").json().getJsonArray("indexes").stream()
                .anyMatch(v -> v.asJsonObject().getString("name").equals(index)));

        Http.Answer closed = http.post("/api/indexes/" + index + "/_close", "");
        assertEquals(200, closed.status(), closed.body());
        assertEquals("CLOSED", closed.json().getString("state"));
        assertEquals(1, closed.json().getJsonNumber("documents").longValue());
        assertEquals(1, closed.json().getInt("chunks"), "closing seals the active segment into a chunk");

        assertEquals(1, total(index, "keep"));
        assertEquals("OPEN", http.get("/api/indexes/" + index).json().getString("state"));
    }

    @Test
    void clientMistakesGetClearFourHundreds() throws Exception {
        String index = index("errors");
        assertError(http.post("/api/logs/" + index, "{\"message\": "), 400, "invalid JSON");
        assertError(http.post("/api/logs/" + index, "[1,2,3]"), 400, "JSON object");
        assertError(http.post("/api/logs/" + index, "\"text\""), 400, "JSON object");
        assertError(http.post("/api/logs/" + index, ""), 400, "empty");
        assertError(http.post("/api/logs/" + index, "{\"a\":1} {\"b\":2}"), 400, "after the object");
        assertError(http.post("/api/logs/" + index, "{\"@timestamp\":\"yesterday\"}"), 400, "not a time");
        assertError(http.post("/api/logs/Upper", "{}"), 400, "lowercase");
        assertError(http.post("/api/logs/-dash", "{}"), 400, "start with");
        assertError(http.post("/api/logs/a%2Fb", "{}"), 400, null);
        assertError(http.post("/api/logs/..", "{}"), 400, null);
        assertError(http.post("/api/logs/%2E%2E", "{}"), 400, null);
        assertError(http.post("/api/logs/" + index, "{\"big\":\"" + "x".repeat(1_100_000) + "\"}"), 413, "limit");

        assertError(http.get("/api/search?index=" + index + "&q=" + Http.enc("\"open")), 400, "quote");
        assertError(http.get("/api/search?index=" + index + "&size=lots"), 400, "size");
        assertError(http.get("/api/search?index=" + index + "&size=20000"), 400, "size");
        assertError(http.get("/api/search?index=" + index + "&from=soon"), 400, "from");
        assertError(http.get("/api/search?q=x"), 400, "index");
        assertError(http.get("/api/search?index=no-such-index-" + System.nanoTime()), 404, "no such index");
        assertError(http.get("/api/indexes/no-such-index"), 404, "no such index");

        // nothing of the above was accepted
        assertEquals(404, http.get("/api/indexes/" + index).status());
    }

    private static void assertError(Http.Answer answer, int status, String reasonPart) {
        if (status == 400) {
            assertTrue(answer.status() >= 400 && answer.status() < 500, answer.status() + " " + answer.body());
        }
        assertEquals(status == 400 && reasonPart == null ? answer.status() : status, answer.status(), answer.body());
        if (reasonPart != null) {
            String reason = answer.json().getJsonObject("error").getString("reason");
            assertTrue(reason.contains(reasonPart), "'" + reason + "' should mention '" + reasonPart + "'");
        }
    }

    private long total(String index, String q) throws Exception {
        Http.Answer answer = http.get("/api/search?index=" + index + "&q=" + Http.enc(q));
        assertEquals(200, answer.status(), answer.body());
        return answer.json().getJsonNumber("total").longValue();
    }

    /** OBSERVER_RETENTION=expire-*:1d (set for this run): an index whose newest log is older goes, a fresh one stays. */
    @Test
    void anIndexOlderThanItsRetentionIsDeletedAndAFreshOneStays() throws Exception {
        String old = "expire-old-" + System.nanoTime();
        String fresh = "expire-new-" + System.nanoTime();
        String kept = index("kept");
        assertEquals(202, http.post("/api/logs/" + old + "?refresh=wait_for",
                "{\"@timestamp\":\"2020-01-01T00:00:00Z\",\"message\":\"long ago\"}").status());
        assertEquals(202, http.post("/api/logs/" + fresh + "?refresh=wait_for", "{\"message\":\"just now\"}").status());
        assertEquals(202, http.post("/api/logs/" + kept + "?refresh=wait_for",
                "{\"@timestamp\":\"2020-01-01T00:00:00Z\",\"message\":\"kept for ever\"}").status());
        assertEquals("1d", http.get("/api/indexes/" + fresh).json().getString("retention"));
        assertTrue(http.get("/api/indexes/" + kept).json().isNull("retention"), "no pattern names it: kept for ever");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (http.get("/api/indexes/" + old).status() != 404 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(404, http.get("/api/indexes/" + old).status(), old + " outlived its retention of a day");
        assertEquals(200, http.get("/api/indexes/" + fresh).status());
        assertEquals(200, http.get("/api/indexes/" + kept).status());
        boolean recorded = http.get("/api/oplog?index=" + old).json().getJsonArray("entries").getValuesAs(JsonObject.class)
                .stream().anyMatch(e -> e.getString("action").equalsIgnoreCase("deleted"));
        assertTrue(recorded, "the deletion is in the oplog");
    }
}
