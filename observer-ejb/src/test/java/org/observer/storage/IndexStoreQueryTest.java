package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.FieldValue;
import org.observer.query.Query;
import org.observer.query.QueryParser;

/**
 * The query language end to end on the storage engine: every kind of clause, checked against a
 * brute-force evaluation of the same analyzed query, in the active segment, in sealed chunks and
 * in both at once.
 */
class IndexStoreQueryTest {

    @TempDir
    Path dir;

    private static final String[] TEMPLATES = {
            "Connection refused to %s port %d",
            "connections established from %s",
            "User %s logged in after %d attempts",
            "Failed to connect to the database at %s",
            "disk full on /var/log (%d%% used)",
            "the quick brown fox jumps over %s",
            "GET /api/v1/users/%d HTTP/1.1 %d",
            "failure: timeout waiting for %s after %d ms",
    };
    private static final String[] HOSTS = {"web-01", "web-02", "db-01", "cache", "WEB-01"};
    private static final String[] LEVELS = {"INFO", "WARN", "ERROR", "debug"};

    private static List<LogRecord> corpus(int count, long seed) {
        Random random = new Random(seed);
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String template = TEMPLATES[random.nextInt(TEMPLATES.length)];
            String word = HOSTS[random.nextInt(HOSTS.length)];
            String message = template.contains("%d") && template.indexOf("%s") < 0
                    ? String.format(template, random.nextInt(100), random.nextInt(100))
                    : template.indexOf("%d") < 0 ? String.format(template, word)
                    : template.indexOf("%s") < template.indexOf("%d") ? String.format(template, word, random.nextInt(500))
                    : String.format(template, random.nextInt(500), word);
            List<String> fields = new ArrayList<>(List.of("message", message, "host", word,
                    "level", LEVELS[random.nextInt(LEVELS.length)], "status", String.valueOf(200 + random.nextInt(5) * 100 + random.nextInt(3)),
                    "latency", (random.nextInt(2000) / 100.0) + ""));
            if (random.nextInt(3) == 0) {
                fields.add("user");
                fields.add(random.nextBoolean() ? "alice" : "bob smith the builder");
            }
            records.add(TestRecords.record(i % 2, i, 1_000_000L + i * 1000L, fields.toArray(String[]::new)));
        }
        return records;
    }

    private static final String[] QUERIES = {
            "connections", "connection", "connect", "CONNECTED", "refused", "refuse",
            "the", "the fox", "\"quick brown\"", "\"brown quick\"", "\"failed to connect\"", "\"failed connect\"",
            "\"failed the connect\"", "\"connection refused to\"", "\"port 17\"", "\"refused to web\"",
            "\"disk full\"", "message:\"disk full\"", "host:\"disk full\"",
            "host:web-01", "host:WEB-01", "host:web", "web-01", "host:web*", "host:web-0*", "fail*", "con*",
            "message:fail*", "level:error", "level:ERROR", "ERROR", "-level:error", "NOT level:error",
            "level:error OR level:warn", "(level:error OR level:warn) AND host:cache", "level:error -host:cache",
            "status:[300 TO 402]", "status:{300 TO 402}", "status:>=500", "status:<201", "status:>600",
            "latency:[1.5 TO 3]", "latency:>19", "host:[db TO web]", "user:*", "-user:*", "nosuch:*",
            "user:alice", "user:bob", "user:builder", "user:\"bob smith\"", "user:\"smith bob\"",
            "@timestamp:[1000000 TO 1010000]", "@timestamp:<1005000 level:info", "@timestamp:>=1990000",
            "api v1", "/api/v1/users", "\"api v1 users 42\"", "http", "1.1", "timeout OR refused", "*",
            "NOT (fail* OR connect*)", "status:500 OR status:501", "jumps -fox", "jump",
            // one list and shapes in one clause (the no-bitmap union)
            "status:500 OR refused", "17 OR timeout", "latency:1.5 OR level:warn", "status:302 OR level:debug",
    };

    @Test
    void everyKindOfClauseMatchesWhatBruteForceFinds() throws Exception {
        List<LogRecord> records = corpus(3000, 42);
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 20, 1000, 1)))) {
            store.append(records.subList(0, 2500)); // two chunks sealed on the way, 500 in the segment
            check(store, records.subList(0, 2500), "chunks + segment");
            store.seal();
            check(store, records.subList(0, 2500), "chunks");
            store.append(records.subList(2500, 3000));
            check(store, records, "chunks + new segment");
            store.seal();
            assertEquals(store.stats().chunks(), store.compact());
            check(store, records, "cold chunks"); // rare numbers now in block filters, read back
        }
    }

    private static void check(IndexStore store, List<LogRecord> records, String where) throws Exception {
        int nonEmpty = 0;
        for (String text : QUERIES) {
            Query query = QueryParser.parse(text);
            List<LogRecord> expected = TestRecords.expectedMatches(records, query, Long.MIN_VALUE, Long.MAX_VALUE);
            StoreResult result = store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 10);
            assertEquals(expected.size(), result.total(), where + ": " + text);
            assertEquals(TestRecords.expectedIds(records, query, Long.MIN_VALUE, Long.MAX_VALUE, 10),
                    TestRecords.ids(result), where + ": " + text);
            // The same with a time range cutting inside the chunks.
            long from = 1_000_000L + 700_000L;
            long to = 1_000_000L + 2_100_000L;
            assertEquals(TestRecords.expectedMatches(records, query, from, to).size(),
                    store.search(query, from, to, 0).total(), where + " in range: " + text);
            if (!expected.isEmpty() && expected.size() < records.size()) {
                nonEmpty++;
            }
        }
        assertTrue(nonEmpty > QUERIES.length / 2, "most queries select something: " + nonEmpty);
    }

    /**
     * Makes chunks of a few hundred lines big enough ({@link StorageFormat#POSITIONS_MIN_CHUNK_BYTES})
     * to keep the gaps of their common numbers; it adds no gap to a line.
     */
    private static final String PADDING = "padding ".repeat(1100);

    @Test
    void aPhraseWithADigitWordIsDecidedPerShapeOnlyWhenEveryGapFits() throws Exception {
        String[] messages = {
            "link gige3 gige down", "link gige4 gige down", // one gap, followed by gige: decided by shape
            "port 17 open 99", "port 99 open 17", "port 17 open 17", // two gaps: only some lines match "17 open"
            "the 17 open", "a 17 b open", "open 17", // stop-word gaps; 17 at the end
        };
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            records.add(TestRecords.record(0, i, 1_000_000L + i * 1000L, "message", messages[i % messages.length],
                    "host", "h" + (i % 3), "blob", PADDING));
        }
        List<String> queries = List.of("\"gige3 gige\"", "\"gige4 gige down\"", "\"link gige3\"", "\"17 open\"",
                "\"open 17\"", "\"port 17\"", "\"port 99 open\"", "message:\"17 open\"", "\"17 b open\"");
        assertPhrasesMatchBruteForce(records, 500, 250, queries);
    }

    /**
     * Seals {@code records[0..sealed)} into chunks of {@code chunkDocuments}, keeps the rest in the
     * segment, and checks each query's total and newest hits against brute force, on hot chunks and
     * again on cold ones.
     */
    private void assertPhrasesMatchBruteForce(List<LogRecord> records, int sealed, int chunkDocuments,
                                              List<String> queries) throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, chunkDocuments, 1)))) {
            store.append(records.subList(0, sealed));
            store.seal();
            store.append(records.subList(sealed, records.size()));
            for (String where : List.of("chunks + segment", "cold chunks + segment")) {
                for (String text : queries) {
                    Query query = QueryParser.parse(text);
                    StoreResult result = store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 40);
                    assertEquals(TestRecords.expectedMatches(records, query, Long.MIN_VALUE, Long.MAX_VALUE).size(),
                            result.total(), where + ": " + text);
                    assertEquals(TestRecords.expectedIds(records, query, Long.MIN_VALUE, Long.MAX_VALUE, 40),
                            TestRecords.ids(result), where + ": " + text);
                }
                store.compact();
            }
        }
    }

    @Test
    void aPhraseWithACommonDigitWordIsDecidedByWhereTheWordSitsInEachLine() throws Exception {
        String filler = "word ".repeat(300);
        String[] messages = {
            "link gige3 gige 5 down", "link 5 gige gige3 down", "link gige3 gige gige3 down", // one shape, three gaps
            "link gige3 gige 7 down", "gige3 link gige 5 down", filler + "link gige3 gige 5 down", // past 253 gaps
            "link gige4 gige 5 down",
        };
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            records.add(TestRecords.record(0, i, 1_000_000L + i * 1000L, "host", "h" + (i % 3),
                    "msg", i % 4 == 0 ? "gige3 gige" : i % 4 == 1 ? "gige gige4" : "gige gige3", "message", messages[i % messages.length],
                    "blob", PADDING));
        }
        List<String> queries = List.of("\"gige3 gige\"", "message:\"gige3 gige\"", "msg:\"gige3 gige\"",
                "\"gige gige3\"", "message:\"gige gige3 down\"", "\"link gige3 gige\"", "message:\"gige3 gige 5\"",
                "message:\"gige3 link\"", "message:\"gige3 gige\" AND host:h1", "message:\"gige3 gige\" -5");
        assertPhrasesMatchBruteForce(records, 800, 400, queries);
    }

    @Test
    void aggregationsCountEveryMatchByTimeAndByTerm() throws Exception {
        List<LogRecord> records = corpus(3000, 7);
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 20, 1000, 1)))) {
            store.append(records);
            for (String text : List.of("", "connection", "level:error OR refused", "\"failed to connect\"", "-host:cache")) {
                for (long[] range : List.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, new long[] {1_500_000L, 2_700_000L})) {
                    Query query = QueryParser.parse(text);
                    // buckets from a time inside the data, so earlier and later matches fall outside
                    Aggregation aggregation = new Aggregation(1_125_000L, 250_000L, 10, List.of("level", "host", "message"));
                    StoreResult result = store.search(query, range[0], range[1], 3, aggregation);
                    List<LogRecord> matches = TestRecords.expectedMatches(records, query, range[0], range[1]);
                    assertEquals(matches.size(), result.total(), text);
                    long[] histogram = new long[10];
                    Map<String, Map<String, Long>> terms = new HashMap<>();
                    for (LogRecord record : matches) {
                        long bucket = Math.floorDiv(record.timestamp() - 1_125_000L, 250_000L);
                        if (bucket >= 0 && bucket < 10) {
                            histogram[(int) bucket]++;
                        }
                        Map<String, Set<String>> seen = new HashMap<>();
                        for (FieldValue field : record.fields()) {
                            if (aggregation.terms().containsKey(field.name())) {
                                List<String> values = FieldTypes.DEFAULT.isKeyword(field.name(), field.value())
                                        ? List.of(Analyzer.keyword(field.value())) : Analyzer.STANDARD.terms(field.value());
                                values.stream().filter(v -> v != null)
                                        .forEach(v -> seen.computeIfAbsent(field.name(), f -> new HashSet<>()).add(v));
                            }
                        }
                        seen.forEach((field, values) -> values.forEach(
                                v -> terms.computeIfAbsent(field, f -> new HashMap<>()).merge(v, 1L, Long::sum)));
                    }
                    assertArrayEquals(histogram, aggregation.histogram(), text);
                    for (String field : List.of("level", "host", "message")) {
                        assertEquals(terms.getOrDefault(field, Map.of()), aggregation.terms().get(field), text + " " + field);
                    }
                    if (text.isEmpty()) {
                        store.seal(); // the next queries read chunks and a fresh segment
                        store.append(List.of());
                    }
                }
            }
        }
    }

    @Test
    void analysisStemsDropsStopWordsAndKeepsKeywordsWhole() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(List.of(
                    TestRecords.record(0, 0, 10, "message", "Too many connections from 10.0.0.1", "host", "web-01"),
                    TestRecords.record(0, 1, 20, "message", "connection reset by peer", "host", "web-01-b"),
                    TestRecords.record(0, 2, 30, "message", "the end of the line", "host", "WEB-01")));
            for (int pass = 0; pass < 2; pass++) {
                assertEquals(2, total(store, "connections"));
                assertEquals(2, total(store, "connection"));
                assertEquals(0, total(store, "the"), "a stop word alone matches nothing");
                assertEquals(1, total(store, "\"end of the line\""));
                assertEquals(1, total(store, "\"end a an line\""), "a stop word stands for any word");
                assertEquals(0, total(store, "\"line end\""));
                assertEquals(0, total(store, "\"end line\""), "stop words keep their positions");
                assertEquals(2, total(store, "host:web-01"), "keywords match whole, case-insensitively");
                assertEquals(1, total(store, "host:web-01-b"));
                assertEquals(3, total(store, "host:web-01*"));
                assertEquals(1, total(store, "10.0.0.1"));
                assertEquals(1, total(store, "\"10.0.0.1\""));
                assertEquals(0, total(store, "10.0.0.2"));
                store.seal();
            }
        }
    }

    @Test
    void prefixAndRangeScansOfAGrowingSegmentSeeEveryKey() throws Exception {
        List<LogRecord> records = corpus(1200, 9);
        // Terms first seen in the message, then in a keyword field, after the segment's terms were sorted.
        for (int i = 0; i < 300; i++) {
            records.add(TestRecords.record(0, 10_000 + i, 3_000_000L + i, "message", "failover " + i + " of cache",
                    "kind", i < 150 ? "other" : i % 2 == 0 ? "failover" : "cache"));
        }
        String[] queries = {"fail*", "failover", "kind:fail*", "kind:cache*", "kind:[cache TO failover]", "cache*",
                "host:web*", "host:[db TO web]", "host:[cache TO db-01]", "host:{cache TO web-02}", "user:b*", "con*",
                "status:[300 TO 402]", "1*", "kind:*"};
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(64 << 20, 100_000, 1)))) {
            for (int end = 0; end < records.size(); ) {
                int next = Math.min(records.size(), end + 37 + end / 3);
                store.append(records.subList(end, next));
                end = next;
                for (String text : queries) {
                    Query query = QueryParser.parse(text);
                    List<LogRecord> appended = records.subList(0, end);
                    assertEquals(TestRecords.expectedMatches(appended, query, Long.MIN_VALUE, Long.MAX_VALUE).size(),
                            store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 0).total(), end + " records: " + text);
                }
            }
            assertEquals(0, store.stats().chunks(), "all in the active segment");
        }
    }

    private static long total(IndexStore store, String query) throws Exception {
        return store.search(QueryParser.parse(query), Long.MIN_VALUE, Long.MAX_VALUE, 0).total();
    }
}
