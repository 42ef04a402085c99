package org.observer.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.observer.storage.io.ByteSink;

/** The bit-packed timestamp column gives back every value and finds every bound. */
class TimestampColumnTest {

    private static TimestampColumn roundTrip(long[] sorted) throws Exception {
        ByteSink sink = TimestampColumn.write(sorted);
        return new TimestampColumn(Path.of("test.ts"), ByteBuffer.wrap(Arrays.copyOf(sink.array(), sink.size())));
    }

    @Test
    void everyValueAndBoundComesBack() throws Exception {
        Random random = new Random(7);
        for (long[] gaps : new long[][] {{0}, {1000}, {0, 1, 2, 300}, {1, 1L << 40}, {0, Long.MAX_VALUE / 4096}}) {
            for (int n : new int[] {1, 2, 127, 128, 129, 1000}) {
                long[] values = new long[n];
                values[0] = -5_000 + random.nextInt(10_000);
                for (int i = 1; i < n; i++) {
                    values[i] = values[i - 1] + gaps[random.nextInt(gaps.length)];
                }
                TimestampColumn column = roundTrip(values);
                checkValues(column, values, random);
                for (int probe = 0; probe < 200; probe++) {
                    long t = values[random.nextInt(n)] + random.nextInt(3) - 1;
                    int expected = 0;
                    while (expected < n && values[expected] < t) {
                        expected++;
                    }
                    assertEquals(expected, column.lowerBound(t), "lower bound of " + t);
                }
            }
        }
    }

    /** Each value by {@link TimestampColumn#get}, and by a cursor newest first and in random order. */
    private static void checkValues(TimestampColumn column, long[] values, Random random) {
        int n = values.length;
        for (int i = 0; i < n; i++) {
            assertEquals(values[i], column.get(i), "value " + i + " of " + n);
        }
        TimestampColumn.Cursor newestFirst = column.cursor();
        for (int i = n - 1; i >= 0; i--) {
            assertEquals(values[i], newestFirst.get(i), "cursor value " + i + " of " + n);
        }
        TimestampColumn.Cursor anyOrder = column.cursor();
        for (int probe = 0; probe < 300; probe++) {
            int i = random.nextInt(n);
            assertEquals(values[i], anyOrder.get(i), "cursor value " + i + " of " + n);
        }
    }

    @Test
    void gapsWiderThanSevenBytesComeBack() throws Exception {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            long[] values = new long[4];
            for (int i = 1; i < values.length; i++) {
                values[i] = values[i - 1] + (random.nextLong() >>> 3);
            }
            checkValues(roundTrip(values), values, random);
        }
    }

    @Test
    void evenlySpacedTimestampsTakeAlmostNoRoom() throws Exception {
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_750_000_000_000L + 1000L * i;
        }
        ByteSink sink = TimestampColumn.write(values);
        // 79 groups of 128: a 12-byte restart entry, a width byte and a 2-byte gap each.
        assertEquals(true, sink.size() < values.length / 8, "size " + sink.size());
    }
}
