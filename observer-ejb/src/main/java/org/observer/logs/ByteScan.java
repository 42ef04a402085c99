package org.observer.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Scans bytes eight at a time (one long, bit tricks on each of its bytes): the loops that look at
 * every byte of a bulk request, a byte at a time, were most of its time on the HTTP thread.
 */
final class ByteScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = ONES * 0x80;
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    private ByteScan() {
    }

    /** The first {@code \n} at or after {@code from}, or -1. */
    static int newline(byte[] b, int from) {
        int i = from;
        for (; i + Long.BYTES <= b.length; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES; // a zero byte where b holds '\n'
            long zeros = zeroBytes(x);
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3); // the lowest flag is exact
            }
        }
        for (; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where, from {@code from}, the bytes of a JSON string stop being plain ASCII that needs no
     * look (not a quote, a backslash, a control character or beyond ASCII): a multiple of eight
     * bytes on, at the first long holding one of those, or near {@code end}. The caller reads on a
     * byte at a time from there.
     */
    static int plainStringBytes(byte[] b, int from, int end) {
        int i = from;
        while (i + Long.BYTES <= end) {
            long x = (long) LONGS.get(b, i);
            long special = ((x - SPACES) & ~x) | x | zeroBytes(x ^ QUOTES) | zeroBytes(x ^ BACKSLASHES);
            if ((special & HIGH_BITS) != 0) {
                return i;
            }
            i += Long.BYTES;
        }
        return i;
    }

    /** A high bit set in a byte of the result for each zero byte of {@code x} (and only above one, spuriously). */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGH_BITS;
    }
}
