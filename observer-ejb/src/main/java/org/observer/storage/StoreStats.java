package org.observer.storage;

/** Size of an index; the timestamps are {@code null} when it holds no documents. */
public record StoreStats(long documents, int chunks, long diskBytes, Long minTimestamp, Long maxTimestamp) {
}
