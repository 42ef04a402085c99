package org.observer.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.FieldValue;
import org.observer.logs.JsonFields;
import org.observer.query.MatchAllQuery;
import org.observer.query.QueryParser;
import org.observer.storage.IndexStore;
import org.observer.storage.LogRecord;
import org.observer.storage.StorageFormat;
import org.observer.storage.StoreResult;
import org.observer.storage.StoreSettings;
import org.observer.storage.StoredHit;

/**
 * Compaction rewrites a chunk cold, and merges chunks into one, without changing what a search
 * finds: same totals, same hits in the same order, the replaced chunks named in the new meta.
 */
class ChunkCompactorTest {

    @TempDir
    Path dir;

    private static final StoreSettings SETTINGS = new StoreSettings(1 << 20, 100_000, 3)
            .withFields(FieldTypes.DEFAULT, JsonFields::flatten);
    private static final String[] QUERIES = {"disk", "message:\"disk full\"", "node-3", "error AND node-1", "NOT disk", "42"};

    private static List<LogRecord> records(int from, int count, long firstTimestamp, long step) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String message = (i % 5 == 0 ? "disk full" : i % 3 == 0 ? "error talking to" : "request served by")
                    + " node-" + (i % 7) + " in " + (i % 100) + " ms";
            String json = "{\"message\":\"" + message + "\",\"level\":\"" + (i % 5 == 0 ? "error" : "info") + "\"}";
            records.add(new LogRecord(0, i, firstTimestamp + (i - from) * step, json.getBytes(StandardCharsets.UTF_8),
                    List.of(new FieldValue("message", message), new FieldValue("level", i % 5 == 0 ? "error" : "info"))));
        }
        return records;
    }

    /** Every query's total and newest hits, as the store answers them now. */
    private List<String> answers() throws Exception {
        List<String> answers = new ArrayList<>();
        try (IndexStore store = IndexStore.open(dir, SETTINGS)) {
            for (String query : QUERIES) {
                StoreResult result = store.search(QueryParser.parse(query), Long.MIN_VALUE, Long.MAX_VALUE, 20);
                StringBuilder answer = new StringBuilder(query + " " + result.total() + ":");
                for (StoredHit hit : result.hits()) {
                    answer.append(' ').append(hit.partition()).append('-').append(hit.offset()).append('@').append(hit.timestamp())
                            .append('=').append(new String(hit.source(), StandardCharsets.UTF_8));
                }
                answers.add(answer.toString());
            }
            assertEquals(answers.size(), QUERIES.length);
            answers.add("all " + store.search(new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 0).total());
        }
        return answers;
    }

    @Test
    void aChunkRewrittenColdAnswersEveryQueryAsBefore() throws Exception {
        try (IndexStore store = IndexStore.open(dir, SETTINGS)) {
            store.append(records(0, 3000, 1_000_000, 10));
        }
        List<String> before = answers();

        ChunkReader hot = ChunkReader.load(dir, 1);
        ChunkMeta cold = ChunkCompactor.compact(dir, hot, 2, StorageFormat.COLD_ZSTD_LEVEL, Runnable::run, Set.of("message"));
        hot.close();

        assertEquals(ChunkMeta.COLD, cold.flags);
        assertArrayEquals(new int[] {1}, cold.replaces);
        assertEquals(3000, cold.documents);
        assertEquals(before, answers());
        assertFalse(Files.exists(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT))),
                "opening after the rewrite dropped the replaced chunk");
    }

    @Test
    void chunksMergedIntoOneInterleaveTheirRecordsInTimeOrder() throws Exception {
        try (IndexStore store = IndexStore.open(dir, SETTINGS)) {
            store.append(records(0, 400, 1_000_000, 10)); // even tens
            store.seal();
            store.append(records(400, 400, 1_000_005, 10)); // odd fives between them
        }
        List<String> before = answers();

        ChunkReader first = ChunkReader.load(dir, 1);
        ChunkReader second = ChunkReader.load(dir, 2);
        ChunkMeta merged = ChunkCompactor.merge(dir, List.of(first, second), 3, StorageFormat.COLD_ZSTD_LEVEL,
                Runnable::run, FieldTypes.DEFAULT, JsonFields::flatten);
        first.close();
        second.close();

        assertArrayEquals(new int[] {1, 2}, merged.replaces);
        assertEquals(800, merged.documents);
        assertEquals(1_000_000, merged.minTimestamp);
        assertEquals(1_000_005 + 399 * 10, merged.maxTimestamp);
        ChunkReader reader = ChunkReader.load(dir, 3);
        long previous = Long.MIN_VALUE;
        for (int ordinal = 0; ordinal < 800; ordinal++) {
            long timestamp = reader.timestamp(ordinal);
            assertEquals(true, timestamp > previous, "ordinal " + ordinal + " in time order");
            previous = timestamp;
        }
        reader.close();
        assertEquals(before, answers());
    }
}
