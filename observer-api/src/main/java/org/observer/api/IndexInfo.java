package org.observer.api;

/** What {@code GET /api/indexes} shows of one index. Timestamps are epoch millis, null if empty. */
public record IndexInfo(String name, IndexState state, long documents, int chunks, long diskBytes,
                        Long minTimestamp, Long maxTimestamp) {
}
