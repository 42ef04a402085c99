package org.observer.storage;

/** A matching document, found at {@code offset} of {@code partition}; {@code source} is the original JSON. */
public record StoredHit(int partition, long offset, long timestamp, byte[] source) {
}
