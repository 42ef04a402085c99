package org.observer.storage.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte scans eight bytes at a time ("SWAR"): finding a record in a decompressed block walks tens
 * of kilobytes of END (0) and HOLE (1) separated bytes, and a byte-by-byte loop made that a third
 * of the time of fetching a hit. Callers guarantee the sought bytes exist (the block is checksummed).
 */
public final class Bytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Bytes() {
    }

    /** High bit set in each byte of the result where {@code word} has a zero byte (exact, no false hits). */
    private static long zeros(long word) {
        return ~(((word & ~HIGHS) + ~HIGHS) | word | ~HIGHS);
    }

    /** Index of the first 0 byte at or after {@code from}. */
    public static int indexOfZero(byte[] bytes, int from) {
        int i = from;
        for (; i + 8 <= bytes.length; i += 8) {
            long found = zeros((long) LONGS.get(bytes, i));
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        throw new IllegalStateException("no end byte after " + from);
    }

    /** How many bytes of {@code bytes[from, to)} are {@code value}. */
    public static int count(byte[] bytes, int from, int to, byte value) {
        long pattern = (value & 0xffL) * ONES;
        int count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            count += Long.bitCount(zeros((long) LONGS.get(bytes, i) ^ pattern));
        }
        for (; i < to; i++) {
            if (bytes[i] == value) {
                count++;
            }
        }
        return count;
    }

    /** How many bytes of {@code bytes[from, to)} are 1. */
    public static int countOnes(byte[] bytes, int from, int to) {
        int count = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            count += Long.bitCount(zeros((long) LONGS.get(bytes, i) ^ ONES));
        }
        for (; i < to; i++) {
            if (bytes[i] == 1) {
                count++;
            }
        }
        return count;
    }

    /** The position after the {@code n}-th 0 byte at or after {@code from} ({@code from} itself if n is 0). */
    public static int afterZeros(byte[] bytes, int from, int n) {
        int i = from;
        int left = n;
        while (left > 0 && i + 8 <= bytes.length) {
            long found = zeros((long) LONGS.get(bytes, i));
            int here = Long.bitCount(found);
            if (here < left) {
                left -= here;
                i += 8;
                continue;
            }
            while (true) { // the left-th zero byte is in this word
                int bit = Long.numberOfTrailingZeros(found);
                if (--left == 0) {
                    return i + (bit >>> 3) + 1;
                }
                found &= found - 1;
            }
        }
        for (; left > 0; i++) {
            if (i >= bytes.length) {
                throw new IllegalStateException("fewer than " + n + " end bytes after " + from);
            }
            if (bytes[i] == 0) {
                left--;
            }
        }
        return i;
    }

    /**
     * The position after the {@code n}-th varint starting at {@code from}: after its {@code n}-th
     * byte below 0x80. Skipping a long ordinal list is most of walking a dictionary block.
     */
    public static int afterVarints(byte[] bytes, int from, int n) {
        int i = from;
        int left = n;
        while (left > 0 && i + 8 <= bytes.length) {
            long ends = ~(long) LONGS.get(bytes, i) & HIGHS;
            int here = Long.bitCount(ends);
            if (here < left) {
                left -= here;
                i += 8;
                continue;
            }
            while (true) { // the left-th end is in this word
                int bit = Long.numberOfTrailingZeros(ends);
                if (--left == 0) {
                    return i + (bit >>> 3) + 1;
                }
                ends &= ends - 1;
            }
        }
        for (; left > 0; i++) {
            if (bytes[i] >= 0) {
                left--;
            }
        }
        return i;
    }
}
