package org.observer.storage;

/**
 * A matching document, found at {@code offset} of {@code partition} (the {@code line}-th log of that
 * record); {@code source} is the original JSON.
 */
public record StoredHit(int partition, long offset, int line, long timestamp, byte[] source) {
}
