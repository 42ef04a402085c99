package org.observer.api;

/**
 * What {@code GET /api/indexes} shows of one index. Timestamps are epoch millis, null if empty;
 * {@code problem} says why a DEGRADED index cannot be read, and is null otherwise.
 */
public record IndexInfo(String name, IndexState state, long documents, int chunks, long diskBytes,
                        Long minTimestamp, Long maxTimestamp, String problem) {
}
