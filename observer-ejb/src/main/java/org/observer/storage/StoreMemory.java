package org.observer.storage;

/**
 * What an OPEN store holds in memory, about: {@code heapBytes} of its active segment's keyword map
 * and {@code mappedBytes} of its files mapped (page cache the process can touch, not heap).
 */
public record StoreMemory(long heapBytes, long mappedBytes) {

    public static final StoreMemory NONE = new StoreMemory(0, 0);

    public long totalBytes() {
        return heapBytes + mappedBytes;
    }

    public StoreMemory plus(StoreMemory other) {
        return new StoreMemory(heapBytes + other.heapBytes, mappedBytes + other.mappedBytes);
    }
}
