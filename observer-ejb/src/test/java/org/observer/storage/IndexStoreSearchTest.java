package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldValue;
import org.observer.query.AndQuery;
import org.observer.query.Query;
import org.observer.query.QueryParser;
import org.observer.query.TermQuery;
import org.observer.storage.segment.SegmentShapes;

class IndexStoreSearchTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** Two partitions, repeated and out-of-order timestamps, several fields. */
    private static List<LogRecord> sampleRecords(int count) {
        Random random = new Random(7);
        String[] levels = {"info", "info", "info", "warn", "error"};
        String[] words = {"disk", "full", "user", "login", "timeout", "retry", "ok"};
        List<LogRecord> records = new ArrayList<>();
        long[] nextOffset = {0, 0};
        for (int i = 0; i < count; i++) {
            int partition = random.nextInt(2);
            long timestamp = T0 + (i / 3) * 1000L - random.nextInt(3) * 1000L; // ties and slight disorder
            String message = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)];
            records.add(TestRecords.record(partition, nextOffset[partition]++, timestamp,
                    "level", levels[random.nextInt(levels.length)],
                    "host", "h" + random.nextInt(5),
                    "msg", message,
                    "user.name", random.nextBoolean() ? "Alice" : "bob"));
        }
        return records;
    }

    private static final List<String> QUERIES = List.of("", "error", "level:error", "level:error host:h1",
            "h1 error", "msg:\"disk full\"", "disk full", "user.name:alice", "host:error", "nosuchterm",
            "level:nosuch", "ALICE info h3");

    private static void assertSearchesMatchReference(IndexStore store, List<LogRecord> records) throws Exception {
        long[][] ranges = {{Long.MIN_VALUE, Long.MAX_VALUE}, {T0 + 50_000, T0 + 120_000}, {T0 + 99_000, T0 + 100_000},
                {T0 + 10_000_000, Long.MAX_VALUE}, {Long.MIN_VALUE, T0 - 5000}};
        for (String text : QUERIES) {
            Query query = QueryParser.parse(text);
            for (long[] range : ranges) {
                for (int size : new int[] {0, 1, 7, 50, 10_000}) {
                    StoreResult result = store.search(query, range[0], range[1], size);
                    String what = "'" + text + "' [" + range[0] + "," + range[1] + ") size " + size;
                    assertEquals(TestRecords.expectedMatches(records, query, range[0], range[1]).size(), result.total(),
                            "total of " + what);
                    assertEquals(TestRecords.expectedIds(records, query, range[0], range[1], size),
                            TestRecords.ids(result), "hits of " + what);
                }
            }
        }
    }

    @Test
    void activeSegmentAnswersLikeTheReference() throws Exception {
        List<LogRecord> records = sampleRecords(600);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records);
            assertEquals(0, store.stats().chunks());
            assertSearchesMatchReference(store, records);
        }
    }

    @Test
    void activeSegmentOfLogsInTimeOrderAnswersLikeTheReference() throws Exception {
        // The usual case, answered by ordinal ranges instead of a heap: one partition, ties on time,
        // ranges that start and end inside a bitmap word.
        List<LogRecord> records = new ArrayList<>();
        List<LogRecord> sorted = new ArrayList<>(sampleRecords(600));
        sorted.sort(java.util.Comparator.comparingLong(LogRecord::timestamp));
        for (LogRecord r : sorted) {
            records.add(new LogRecord(0, records.size(), r.timestamp(), r.source(), r.fields()));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records);
            assertEquals(0, store.stats().chunks());
            assertSearchesMatchReference(store, records);
        }
    }

    @Test
    void sealedChunkAnswersLikeTheActiveSegment() throws Exception {
        List<LogRecord> records = sampleRecords(600);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records);
            store.seal();
            assertEquals(1, store.stats().chunks());
            assertSearchesMatchReference(store, records);
        }
    }

    @Test
    void manyChunksPlusActiveSegmentAnswerLikeTheReference() throws Exception {
        List<LogRecord> records = sampleRecords(1000);
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 20, 170, 1)))) {
            for (int i = 0; i < records.size(); i += 60) {
                store.append(records.subList(i, Math.min(records.size(), i + 60)));
            }
            assertEquals(5, store.stats().chunks());
            assertEquals(1000, store.stats().documents());
            assertSearchesMatchReference(store, records);
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertSearchesMatchReference(store, records);
        }
    }

    /** Base-26 letters: a digit-free word per number, so every record gets a shape of its own. */
    private static String word(int n) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return sb.toString();
    }

    @Test
    void documentsPastTheShapeLimitAreListedOneByOneAndStillFound() throws Exception {
        int count = SegmentShapes.MAX_SHAPES + 3000;
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(TestRecords.record(0, i, T0 + i, "msg", "event " + word(i) + (i % 2 == 0 ? " even" : " odd"),
                    "n", "n" + (i % 10)));
        }
        List<String> queries = List.of("event", "even", "odd n3", word(5), word(count - 1), word(count - 2) + " even",
                word(count - 2) + " odd", "msg:" + word(SegmentShapes.MAX_SHAPES + 10), "n:n7 even");
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, 1_000_000, 1)))) {
            store.append(records);
            for (int sealed = 0; sealed < 2; sealed++) {
                for (String text : queries) {
                    Query query = QueryParser.parse(text);
                    StoreResult result = store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 20);
                    assertEquals(TestRecords.expectedMatches(records, query, Long.MIN_VALUE, Long.MAX_VALUE).size(),
                            result.total(), text + (sealed == 1 ? " sealed" : ""));
                    assertEquals(TestRecords.expectedIds(records, query, Long.MIN_VALUE, Long.MAX_VALUE, 20),
                            TestRecords.ids(result), text);
                }
                store.seal();
            }
        }
    }

    @Test
    void andOfTermsRequiresEveryTerm() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(List.of(
                    TestRecords.record(0, 0, 1, "msg", "disk full", "host", "a"),
                    TestRecords.record(0, 1, 2, "msg", "disk ok", "host", "b"),
                    TestRecords.record(0, 2, 3, "msg", "full stop", "host", "disk")));
            for (int pass = 0; pass < 2; pass++) {
                assertEquals(List.of("0-2", "0-0"), ids(store, "disk full"));
                assertEquals(List.of("0-0"), ids(store, "msg:disk msg:full"));
                assertEquals(List.of("0-2"), ids(store, "host:disk"));
                assertEquals(List.of("0-1"), ids(store, "msg:disk b"));
                assertEquals(List.of(), ids(store, "host:full"));
                Query nested = new AndQuery(List.of(new TermQuery(null, "disk"),
                        new AndQuery(List.of(new TermQuery("msg", "full")))));
                assertEquals(List.of("0-2", "0-0"), TestRecords.ids(store.search(nested, Long.MIN_VALUE, Long.MAX_VALUE, 10)));
                store.seal();
            }
        }
    }

    @Test
    void arrayValuesAndDottedFieldNamesAreMatchedExactly() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(List.of(new LogRecord(0, 0, 1, "{}".getBytes(), List.of(
                    new FieldValue("tags", "alpha"), new FieldValue("tags", "beta"),
                    new FieldValue("user.name", "Carol")))));
            for (int pass = 0; pass < 2; pass++) {
                assertEquals(List.of("0-0"), ids(store, "tags:beta tags:alpha"));
                assertEquals(List.of("0-0"), ids(store, "user.name:carol"));
                assertEquals(List.of(), ids(store, "User.Name:carol"));
                assertEquals(List.of(), ids(store, "user:carol"));
                store.seal();
            }
        }
    }

    @Test
    void hitsAreNewestFirstWithOffsetBreakingTiesAndTotalIsExact() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(List.of(
                    TestRecords.record(0, 10, 500, "m", "x"),
                    TestRecords.record(0, 11, 100, "m", "x"),
                    TestRecords.record(1, 3, 500, "m", "x")));
            store.seal();
            store.append(List.of(
                    TestRecords.record(0, 12, 500, "m", "x"),
                    TestRecords.record(1, 4, 900, "m", "x"),
                    TestRecords.record(1, 5, 100, "m", "y")));
            StoreResult result = store.search(QueryParser.parse("x"), Long.MIN_VALUE, Long.MAX_VALUE, 3);
            assertEquals(5, result.total());
            assertEquals(List.of("1-4", "0-12", "0-10"), TestRecords.ids(result));
            assertEquals(900, result.hits().get(0).timestamp());
        }
    }

    @Test
    void timeRangeSkipsChunksOutsideItWithoutOpeningThem() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            for (int chunk = 0; chunk < 3; chunk++) {
                List<LogRecord> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(TestRecords.record(0, chunk * 100L + i, chunk * 10_000L + i, "msg", "event " + i));
                }
                store.append(batch);
                store.seal();
            }
        }
        // Corrupt the first chunk: a search that does not reach its time range must not notice.
        Path post = dir.resolve("chunk-00001.post");
        byte[] bytes = Files.readAllBytes(post);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(post, bytes);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(0, store.mappedChunks());
            StoreResult result = store.search(QueryParser.parse("event"), 10_000, 10_050, 5);
            assertEquals(50, result.total());
            assertEquals(List.of("0-149", "0-148", "0-147", "0-146", "0-145"), TestRecords.ids(result));
            assertEquals(1, store.mappedChunks());
            assertEquals(10, store.search(QueryParser.parse("event"), 20_090, Long.MAX_VALUE, 0).total());
            assertEquals(2, store.mappedChunks());
            CorruptIndexException e = assertThrows(CorruptIndexException.class,
                    () -> store.search(QueryParser.parse("event"), Long.MIN_VALUE, Long.MAX_VALUE, 5));
            assertTrue(e.getMessage().contains("chunk-00001.post"), e.getMessage());
        }
    }

    @Test
    void emptyOrInvertedRangeFindsNothing() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(0, store.search(QueryParser.parse(""), Long.MIN_VALUE, Long.MAX_VALUE, 10).total());
            store.append(List.of(TestRecords.record(0, 0, 5, "m", "x")));
            assertEquals(0, store.search(QueryParser.parse("x"), 5, 5, 10).total());
            assertEquals(0, store.search(QueryParser.parse("x"), 6, 5, 10).total());
            assertEquals(1, store.search(QueryParser.parse("x"), 5, 6, 10).total());
            assertThrows(IllegalArgumentException.class, () -> store.search(QueryParser.parse("x"), 0, 1, -1));
        }
    }

    @Test
    void statsCountDocumentsChunksAndTimeSpan() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            StoreStats empty = store.stats();
            assertEquals(0, empty.documents());
            assertNull(empty.minTimestamp());
            assertNull(empty.maxTimestamp());
            store.append(List.of(TestRecords.record(0, 0, 50, "m", "x"), TestRecords.record(0, 1, 20, "m", "x")));
            store.seal();
            store.append(List.of(TestRecords.record(0, 2, 70, "m", "x")));
            StoreStats stats = store.stats();
            assertEquals(3, stats.documents());
            assertEquals(1, stats.chunks());
            assertEquals(20L, stats.minTimestamp());
            assertEquals(70L, stats.maxTimestamp());
            assertTrue(stats.diskBytes() > 0);
        }
    }

    private static List<String> ids(IndexStore store, String query) throws Exception {
        return TestRecords.ids(store.search(QueryParser.parse(query), Long.MIN_VALUE, Long.MAX_VALUE, 100));
    }
}
