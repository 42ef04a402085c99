package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing with threads lent by an executor writes the same chunk, and never waits on the executor. */
class SealWithLentThreadsTest {

    @TempDir
    Path dir;

    private static List<LogRecord> records() {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 8000; i++) {
            records.add(TestRecords.record(0, i, 1_700_000_000_000L + i, "msg",
                    "request " + i + " from host-" + (i % 7) + " took " + (i % 113) + " ms, status ok", "n", "x" + i % 13));
        }
        return records;
    }

    private byte[][] sealWith(Executor executor, String name) throws Exception {
        Path index = dir.resolve(name);
        try (IndexStore store = IndexStore.open(index, TestRecords.SMALL.withCompressor(executor))) {
            store.append(records());
            store.seal();
            assertEquals(8000, store.search(new org.observer.query.MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 0).total());
        }
        String[] names = StorageFormat.chunkDataFiles(1);
        byte[][] files = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            files[i] = Files.readAllBytes(index.resolve(names[i]));
        }
        return files;
    }

    @Test
    void lentThreadsWriteTheSameChunkAndIdleOrRefusingExecutorsCannotStallASeal() throws Exception {
        byte[][] alone = sealWith(null, "alone");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            byte[][] helped = sealWith(pool, "helped");
            for (int i = 0; i < alone.length; i++) {
                assertArrayEquals(alone[i], helped[i], "file " + i);
            }
        } finally {
            pool.shutdown();
        }
        List<Runnable> neverRun = new ArrayList<>();
        byte[][] queued = sealWith(neverRun::add, "queued"); // takes tasks, never runs them
        byte[][] refused = sealWith(task -> {
            throw new RejectedExecutionException("full");
        }, "refused");
        for (int i = 0; i < alone.length; i++) {
            assertArrayEquals(alone[i], queued[i], "file " + i);
            assertArrayEquals(alone[i], refused[i], "file " + i);
        }
        neverRun.forEach(Runnable::run); // late tasks find nothing left to do
    }
}
