package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.query.MatchAllQuery;
import org.observer.query.QueryParser;

class IndexStoreDurabilityTest {

    @TempDir
    Path dir;

    private static List<LogRecord> batch(int partition, long firstOffset, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset = firstOffset + i;
            records.add(TestRecords.record(partition, offset, 1000 + offset, "msg", "event " + offset, "p", "p" + partition));
        }
        return records;
    }

    private static long total(IndexStore store, String query) throws Exception {
        return store.search(QueryParser.parse(query), Long.MIN_VALUE, Long.MAX_VALUE, 0).total();
    }

    @Test
    void replayingTheSameOffsetsAddsNothingAcrossSealAndReopen() throws Exception {
        List<LogRecord> first = batch(0, 0, 10);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(-1, store.appliedOffset(0));
            assertEquals(10, store.append(first));
            assertEquals(9, store.appliedOffset(0));
            assertEquals(0, store.append(first));
            store.seal();
            assertEquals(0, store.append(first));
            assertEquals(9, store.appliedOffset(0));
            List<LogRecord> overlapping = batch(0, 5, 10); // 5..14: only 10..14 are new
            assertEquals(5, store.append(overlapping));
            assertEquals(3, store.append(batch(1, 0, 3)));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(14, store.appliedOffset(0));
            assertEquals(2, store.appliedOffset(1));
            assertEquals(-1, store.appliedOffset(7));
            assertEquals(0, store.append(batch(0, 0, 15)));
            assertEquals(18, total(store, ""));
        }
    }

    @Test
    void duplicatesInsideOneBatchAreSkipped() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            List<LogRecord> records = new ArrayList<>(batch(0, 0, 3));
            records.addAll(batch(0, 1, 3));
            assertEquals(4, store.append(records));
            assertEquals(4, total(store, ""));
        }
    }

    @Test
    void closeThenReopenKeepsEverything() throws Exception {
        StoreStats before;
        StoreResult resultBefore;
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(batch(0, 0, 50));
            store.seal();
            store.append(batch(1, 0, 30));
            before = store.stats();
            resultBefore = store.search(QueryParser.parse("p:p1"), Long.MIN_VALUE, Long.MAX_VALUE, 5);
        }
        assertFalse(Files.exists(dir.resolve("chunk-00003.meta")));
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            StoreStats after = store.stats();
            assertEquals(before.documents(), after.documents());
            assertEquals(2, after.chunks()); // close sealed the active segment
            assertEquals(before.minTimestamp(), after.minTimestamp());
            assertEquals(before.maxTimestamp(), after.maxTimestamp());
            StoreResult resultAfter = store.search(QueryParser.parse("p:p1"), Long.MIN_VALUE, Long.MAX_VALUE, 5);
            assertEquals(resultBefore.total(), resultAfter.total());
            assertEquals(TestRecords.ids(resultBefore), TestRecords.ids(resultAfter));
            store.append(batch(0, 50, 1));
            assertEquals(81, total(store, ""));
        }
    }

    @Test
    void syncedRecordsSurviveACrashAndStaySearchable() throws Exception {
        IndexStore store = IndexStore.open(dir, TestRecords.SMALL);
        store.append(batch(0, 0, 40));
        store.seal();
        store.append(batch(0, 40, 25));
        store.sync();
        store.closeLikeCrash();
        try (IndexStore reopened = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(65, reopened.stats().documents());
            assertEquals(1, reopened.stats().chunks());
            assertEquals(64, reopened.appliedOffset(0));
            assertEquals(List.of("0-50"), TestRecords.ids(reopened.search(QueryParser.parse("msg:50"),
                    Long.MIN_VALUE, Long.MAX_VALUE, 10)));
            assertEquals(0, reopened.append(batch(0, 30, 35)));
        }
    }

    @Test
    void sealsAutomaticallyAtTheDocumentLimit() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 20, 50, 3)))) {
            store.append(batch(0, 0, 120));
            StoreStats stats = store.stats();
            assertEquals(2, stats.chunks());
            assertEquals(120, stats.documents());
            assertEquals(120, total(store, "p0"));
        }
    }

    @Test
    void sealsAutomaticallyAtTheByteLimit() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(10_000, 100_000, 3)))) {
            store.append(batch(0, 0, 1000));
            assertTrue(store.stats().chunks() >= 5, "chunks: " + store.stats().chunks());
            assertEquals(1000, total(store, ""));
        }
    }

    @Test
    void closedStoreRefusesWork() throws Exception {
        IndexStore store = IndexStore.open(dir, TestRecords.SMALL);
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.append(batch(0, 0, 1)));
        assertThrows(IllegalStateException.class,
                () -> store.search(new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 1));
    }

    @Test
    void searchesDuringAppendsAndSealsSeeOnlyWholeDocuments() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 20, 700, 1)))) {
            AtomicBoolean done = new AtomicBoolean();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    long lastTotal = 0;
                    try {
                        while (!done.get()) {
                            StoreResult result = store.search(QueryParser.parse("event"), Long.MIN_VALUE, Long.MAX_VALUE, 20);
                            if (result.total() < lastTotal || result.hits().size() != Math.min(20, result.total())) {
                                throw new AssertionError("inconsistent result " + result.total() + " after " + lastTotal);
                            }
                            for (StoredHit hit : result.hits()) {
                                long offset = hit.offset();
                                String expected = "\"msg\":\"event " + offset + "\"";
                                if (!new String(hit.source()).contains(expected)) {
                                    throw new AssertionError("hit " + offset + " has source " + new String(hit.source()));
                                }
                            }
                            lastTotal = result.total();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int i = 0; i < 5000; i += 50) {
                store.append(batch(0, i, 50));
            }
            done.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(5000, total(store, "event"));
            assertEquals(7, store.stats().chunks());
        }
    }
}
