package org.observer.storage.io;

import java.util.Arrays;

/** A growable int[]: postings and ordinals without boxing. Not thread-safe. */
public final class IntList {

    private int[] values;
    private int size;

    public IntList() {
        this(4);
    }

    public IntList(int capacity) {
        values = new int[Math.max(1, capacity)];
    }

    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size + (size >> 1) + 4);
        }
        values[size++] = value;
    }

    public int get(int index) {
        return values[index];
    }

    public int size() {
        return size;
    }

    /** Heap bytes of the backing array (grown ahead of the size). */
    public long heapBytes() {
        return 16 + 4L * values.length;
    }

    /** The backing array; only the first {@link #size()} values are meaningful. */
    public int[] array() {
        return values;
    }

    public int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
