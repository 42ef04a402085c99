package org.observer.storage;

import java.util.Arrays;

/** A growable long[]. Not thread-safe. */
final class LongList {

    private long[] values = new long[16];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1) + 4);
        }
        values[size++] = value;
    }

    long get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }

    /** Heap bytes of the backing array (grown ahead of the size). */
    long heapBytes() {
        return 16 + 8L * values.length;
    }
}
