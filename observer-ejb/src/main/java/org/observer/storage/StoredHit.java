package org.observer.storage;

/** A matching document: {@code id} is {@code partition + "-" + offset}; {@code source} is the original JSON. */
public record StoredHit(String id, long timestamp, byte[] source) {
}
