package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldValue;
import org.observer.query.MatchAllQuery;
import org.observer.query.QueryParser;

class IndexStoreRoundTripTest {

    @TempDir
    Path dir;

    private static List<LogRecord> awkwardRecords() {
        Random random = new Random(42);
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String message = "line " + i + " größe 日本語 ✓ emoji \uD83D\uDE00 \"quoted\" \\ backslash";
            records.add(TestRecords.record(i % 3, i, 1_700_000_000_000L + i * 1000L, "msg", message, "n", "x" + i));
        }
        // A large, poorly compressible document (several blocks' worth by itself).
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (' ' + random.nextInt(90));
        }
        records.add(new LogRecord(0, 1000, 1_700_000_500_000L, big, List.of(new FieldValue("big", "huge"))));
        // 120 KB of repetitive JSON.
        String repeated = "{\"msg\":\"" + "abc ".repeat(30_000) + "\"}";
        records.add(new LogRecord(1, 1000, 1_700_000_600_000L, repeated.getBytes(StandardCharsets.UTF_8),
                List.of(new FieldValue("msg", "abc"))));
        // Bytes that are not even UTF-8 must still come back as they were.
        records.add(new LogRecord(2, 1000, -5L, new byte[] {0, (byte) 0xFF, (byte) 0xC3, 10, 0}, List.of()));
        records.add(new LogRecord(2, 1001, 0L, new byte[0], List.of()));
        return records;
    }

    private static void assertAllSourcesIdentical(IndexStore store, List<LogRecord> records) throws Exception {
        StoreResult result = store.search(new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(records.size(), result.total());
        Map<String, StoredHit> byId = new HashMap<>();
        result.hits().forEach(hit -> byId.put(hit.partition() + "-" + hit.offset(), hit));
        for (LogRecord record : records) {
            StoredHit hit = byId.get(TestRecords.id(record));
            assertNotNull(hit, TestRecords.id(record));
            assertEquals(record.timestamp(), hit.timestamp());
            assertArrayEquals(record.source(), hit.source(), TestRecords.id(record));
        }
    }

    @Test
    void everySourceComesBackByteIdenticalFromSegmentChunkAndAfterReopen() throws Exception {
        List<LogRecord> records = awkwardRecords();
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(records.size(), store.append(records));
            assertAllSourcesIdentical(store, records);
            store.seal();
            assertEquals(1, store.stats().chunks());
            assertAllSourcesIdentical(store, records);
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertAllSourcesIdentical(store, records);
            assertEquals(1, store.search(QueryParser.parse("big:huge"), Long.MIN_VALUE, Long.MAX_VALUE, 10).total());
        }
    }

    @Test
    void sealedChunkSpansSeveralBlocksAndFetchesAnyOfThem() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            records.add(TestRecords.record(0, i, i, "msg", "request " + i + " served in " + (i % 97) + " ms",
                    "tag", i % 500 == 0 ? "rare" : "common"));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records);
            store.seal();
            StoreResult rare = store.search(QueryParser.parse("tag:rare"), Long.MIN_VALUE, Long.MAX_VALUE, 100);
            assertEquals(List.of("0-2500", "0-2000", "0-1500", "0-1000", "0-500", "0-0"), TestRecords.ids(rare));
            for (StoredHit hit : rare.hits()) {
                int i = (int) hit.offset();
                assertArrayEquals(records.get(i).source(), hit.source());
            }
        }
    }
}
