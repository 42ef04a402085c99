package org.observer.api;

import java.util.Map;

/**
 * A snapshot of an index: its sealed chunks as of {@code time}, and the highest Kafka offset per
 * partition they hold (a restore catches up from there).
 */
public record SnapshotInfo(String index, String snapshot, long time, long documents, int chunks, long diskBytes,
                           Map<Integer, Long> offsets) {
}
