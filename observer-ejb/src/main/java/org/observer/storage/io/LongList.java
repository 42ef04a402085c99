package org.observer.storage.io;

import java.util.Arrays;

/** A growable long[]. Not thread-safe. */
public final class LongList {

    private long[] values = new long[16];
    private int size;

    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1) + 4);
        }
        values[size++] = value;
    }

    public long get(int index) {
        return values[index];
    }

    public int size() {
        return size;
    }

    /** Heap bytes of the backing array (grown ahead of the size). */
    public long heapBytes() {
        return 16 + 8L * values.length;
    }
}
