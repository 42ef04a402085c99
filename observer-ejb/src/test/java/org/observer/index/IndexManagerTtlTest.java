package org.observer.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldValue;
import org.observer.api.IndexState;
import org.observer.query.QueryParser;
import org.observer.storage.LogRecord;

/**
 * TTL eviction, as the lifecycle timer drives it: an index unused for the TTL is sealed,
 * compacted, unmapped and CLOSED; one used more recently stays OPEN; a query loads a CLOSED index
 * again with everything it held. Over the memory budget, the least recently used indexes close
 * before their TTL. The manager runs on a real data directory, outside a container.
 */
class IndexManagerTtlTest {

    @TempDir
    Path data;

    private static final List<Integer> P0 = List.of(0);
    private IndexManagerFixture fixture;
    private IndexManager manager;
    private List<String> recorded;
    private List<String> details;

    @BeforeEach
    void start() {
        fixture = IndexManagerFixture.start(data);
        manager = fixture.manager;
        recorded = fixture.recorded;
        details = fixture.details;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static List<LogRecord> records(int count) {
        return records(0, count);
    }

    private static List<LogRecord> records(int from, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String message = "request " + (i % 7 == 0 ? "failed" : "served") + " in " + (i * 37 % 1000) + " ms id " + (900_000 + i);
            String json = "{\"message\":\"" + message + "\"}";
            records.add(new LogRecord(0, i, 1_750_000_000_000L + i, json.getBytes(StandardCharsets.UTF_8),
                    List.of(new FieldValue("message", message))));
        }
        return records;
    }

    private long total(String index, String query) throws Exception {
        return manager.read(index, 0, store -> store.search(QueryParser.parse(query), Long.MIN_VALUE, Long.MAX_VALUE, 10).total());
    }

    @Test
    void anIndexIdleForTheTtlIsCompactedAndClosedAndLoadsAgainOnQuery() throws Exception {
        manager.write("idle", 0, store -> store.append(records(3000)));
        // "busy" must still be younger than the TTL when it is checked: 40 ms of margin failed while
        // other builds loaded the machine (load 12 on 2 cores), so the TTL is 250 ms
        Thread.sleep(300);
        manager.write("busy", 0, store -> store.append(records(10)));
        assertEquals(IndexState.OPEN, manager.get("idle", P0).state());

        assertEquals(1, manager.closeIdle(250), "only the index unused for the TTL closes");
        assertEquals(IndexState.CLOSED, manager.get("idle", P0).state());
        assertEquals(IndexState.OPEN, manager.get("busy", P0).state());
        assertTrue(recorded.contains("COMPACTED idle") && recorded.contains("CLOSED idle"), recorded.toString());
        assertEquals(1, manager.get("idle", P0).chunks());

        assertEquals(3000, total("idle", ""), "a query loads it again");
        assertEquals(IndexState.OPEN, manager.get("idle", P0).state());
        assertEquals(429, total("idle", "failed"));
        assertEquals(1, total("idle", "900123"), "a rare id, from the cold chunk's block filter");
        assertTrue(recorded.contains("LOADED idle"), recorded.toString());

        assertEquals(0, manager.closeIdle(60_000), "nothing is idle for a minute");
        assertEquals(2, manager.closeIdle(0));
        assertEquals(IndexState.CLOSED, manager.get("busy", P0).state());

        // Written again and closed again: its second small chunk is merged with the first.
        manager.write("idle", 0, store -> store.append(records(3000, 1000)));
        assertEquals(1, manager.closeIdle(0));
        assertTrue(details.contains("COMPACTED idle: chunks 2, 3 merged cold as chunk 4"), details.toString());
        assertEquals(1, manager.get("idle", P0).chunks());
        assertEquals(4000, total("idle", ""));
        assertEquals(572, total("idle", "failed"));
        assertEquals(1, total("idle", "903123"));
    }

    @Test
    void aSlowlyWrittenIndexIsSealedOnTheTimeThresholdAndStillClosesAfterItsTtl() throws Exception {
        manager.write("slow", 0, store -> store.append(records(10)));
        assertEquals(0, manager.sealOlderThan(60_000), "its logs are not an hour old");
        Thread.sleep(30);
        assertEquals(1, manager.sealOlderThan(20));
        assertEquals(0, manager.sealOlderThan(20), "nothing new to seal");
        assertEquals(1, manager.get("slow", P0).chunks());
        assertEquals(IndexState.OPEN, manager.get("slow", P0).state());
        assertTrue(recorded.contains("SEALED slow"), recorded.toString());

        Thread.sleep(30);
        manager.write("slow", 0, store -> store.append(records(10, 5)));
        Thread.sleep(30);
        assertEquals(1, manager.sealOlderThan(20));
        assertEquals(2, manager.get("slow", P0).chunks());
        Thread.sleep(40);
        assertEquals(1, manager.closeIdle(60), "sealing is not a use: the TTL runs from the last write");

        assertEquals(0, manager.sealOlderThan(0), "a CLOSED index is not loaded to be sealed");
        assertEquals(IndexState.CLOSED, manager.get("slow", P0).state());
        assertEquals(1, manager.get("slow", P0).chunks(), "closing merged its two small chunks");
        assertEquals(15, total("slow", ""));
    }

    @Test
    void overTheMemoryBudgetTheLeastRecentlyUsedIndexesCloseFirstAndARecentOneStaysOpen() throws Exception {
        for (String index : List.of("oldest", "older", "newer", "newest")) {
            manager.write(index, 0, store -> store.append(records(2000)));
            Thread.sleep(20);
        }
        long each = manager.memoryUse().totalBytes() / 4;
        assertTrue(manager.memoryUse().heapBytes() > 2000 * 20, "the keyword maps of 8000 logs: " + manager.memoryUse());
        assertTrue(manager.memoryUse().mappedBytes() > 0, "the active segments' files are mapped: " + manager.memoryUse());
        assertEquals(manager.memoryUse(), manager.lastMemoryUse());
        total("oldest", "failed"); // a search is a use: "oldest" is now the most recently used

        assertEquals(0, manager.closeOverBudget(5 * each, 0), "within the budget nothing closes");
        assertEquals(2, manager.closeOverBudget(2 * each + each / 2, 0));
        assertEquals(IndexState.CLOSED, manager.get("older", P0).state());
        assertEquals(IndexState.CLOSED, manager.get("newer", P0).state());
        assertEquals(IndexState.OPEN, manager.get("newest", P0).state());
        assertEquals(IndexState.OPEN, manager.get("oldest", P0).state());
        assertTrue(manager.memoryUse().totalBytes() <= 2 * each + each / 2, manager.memoryUse().toString());
        assertEquals(0, manager.closeOverBudget(1, 60_000), "indexes used in the last minute stay OPEN");
        assertEquals(2000, total("newer", ""), "a CLOSED index loads again with all it held");
        assertEquals(1, manager.get("newer", P0).chunks(), "closing sealed it");
    }
}
