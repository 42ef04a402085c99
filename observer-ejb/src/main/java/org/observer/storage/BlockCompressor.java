package org.observer.storage;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;

/**
 * Compresses a chunk's data blocks, each its own zstd frame, on the caller's thread plus any
 * threads the executor lends. The caller claims blocks too, so the work finishes even if the
 * executor never runs a task (a saturated container pool cannot deadlock a seal).
 */
final class BlockCompressor {

    private BlockCompressor() {
    }

    static byte[][] compress(List<byte[]> raw, int level, Executor executor) throws IOException {
        return compress(raw, level, executor, null);
    }

    /** Same, each block compressed with {@code dictionary} (its level wins) when it is not null. */
    static byte[][] compress(List<byte[]> raw, int level, Executor executor, ZstdDictCompress dictionary)
            throws IOException {
        int n = raw.size();
        byte[][] out = new byte[n][];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(1);
        String[] error = new String[1];
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < n; ) {
                try {
                    byte[] block = raw.get(i);
                    byte[] compressed = new byte[(int) Zstd.compressBound(block.length)];
                    long length = dictionary == null
                            ? Zstd.compressByteArray(compressed, 0, compressed.length, block, 0, block.length, level)
                            : Zstd.compressFastDict(compressed, 0, block, 0, block.length, dictionary);
                    if (Zstd.isError(length)) {
                        error[0] = Zstd.getErrorName(length);
                    } else {
                        out[i] = java.util.Arrays.copyOf(compressed, (int) length);
                    }
                } catch (RuntimeException | Error e) {
                    error[0] = String.valueOf(e);
                }
                if (done.incrementAndGet() == n) {
                    finished.countDown();
                }
            }
        };
        int helpers = executor == null ? 0 : Math.min(n - 1, Runtime.getRuntime().availableProcessors() - 1);
        for (int h = 0; h < helpers; h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // no more helpers: the caller does the rest
            }
        }
        worker.run();
        try {
            if (n > 0) {
                finished.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing", e);
        }
        if (error[0] != null) {
            throw new IOException("zstd compression failed: " + error[0]);
        }
        return out;
    }
}
