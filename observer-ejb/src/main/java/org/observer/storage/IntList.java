package org.observer.storage;

import java.util.Arrays;

/** A growable int[]: postings and ordinals without boxing. Not thread-safe. */
final class IntList {

    private int[] values;
    private int size;

    IntList() {
        this(4);
    }

    IntList(int capacity) {
        values = new int[Math.max(1, capacity)];
    }

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1) + 4);
        }
        values[size++] = value;
    }

    int get(int index) {
        return values[index];
    }

    int size() {
        return size;
    }

    /** Heap bytes of the backing array (grown ahead of the size). */
    long heapBytes() {
        return 16 + 4L * values.length;
    }

    /** The backing array; only the first {@link #size()} values are meaningful. */
    int[] array() {
        return values;
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
