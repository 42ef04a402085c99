package org.observer.storage.io;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdException;

/**
 * Compresses a chunk's data blocks, each its own zstd frame, on the caller's thread plus any
 * threads the executor lends. The caller claims blocks too, so the work finishes even if the
 * executor never runs a task (a saturated container pool cannot deadlock a seal).
 */
public final class BlockCompressor {

    /** Per thread: a context (creating one costs more than compressing a small block) and an output buffer. */
    private static final ThreadLocal<ZstdCompressCtx> CONTEXT = ThreadLocal.withInitial(ZstdCompressCtx::new);
    /** Levels whose per-thread context stays small (a few MB); sealing uses one of them. */
    private static final int REUSED_LEVELS = 9;
    private static final ThreadLocal<byte[][]> OUTPUT = ThreadLocal.withInitial(() -> new byte[1][0]);

    private BlockCompressor() {
    }

    private static byte[] compressOne(byte[] block, int level, ZstdDictCompress dictionary) {
        byte[][] output = OUTPUT.get();
        int bound = (int) Zstd.compressBound(block.length);
        if (output[0].length < bound) {
            output[0] = new byte[bound];
        }
        int length;
        if (dictionary == null && level <= REUSED_LEVELS) {
            ZstdCompressCtx context = CONTEXT.get();
            context.setLevel(level);
            length = context.compressByteArray(output[0], 0, bound, block, 0, block.length);
        } else {
            // High levels (compaction) need large work areas: not worth keeping per thread.
            try (ZstdCompressCtx context = new ZstdCompressCtx()) {
                if (dictionary != null) {
                    context.loadDict(dictionary);
                } else {
                    context.setLevel(level);
                }
                length = context.compressByteArray(output[0], 0, bound, block, 0, block.length);
            }
        }
        return java.util.Arrays.copyOf(output[0], length);
    }

    public static byte[][] compress(List<byte[]> raw, int level, Executor executor) throws IOException {
        return compress(raw, level, executor, null);
    }

    /** Same, each block compressed with {@code dictionary} (its level wins) when it is not null. */
    public static byte[][] compress(List<byte[]> raw, int level, Executor executor, ZstdDictCompress dictionary)
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
                    out[i] = compressOne(raw.get(i), level, dictionary);
                } catch (ZstdException e) {
                    error[0] = e.getMessage();
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
