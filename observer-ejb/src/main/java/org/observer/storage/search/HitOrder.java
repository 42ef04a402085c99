package org.observer.storage.search;

import java.util.Comparator;

/**
 * The order of hits, one for segments, chunks and the merge across them: newer timestamp first,
 * then higher Kafka offset, then higher partition (so equal timestamps still give one order).
 */
public final class HitOrder {

    /** Candidates newest first; their offset and partition are known once fetched. */
    public static final Comparator<Candidate> NEWEST_FIRST = (a, b) ->
            compare(b.timestamp, b.offset, b.partition, a.timestamp, a.offset, a.partition);

    private HitOrder() {
    }

    /** Ascending (timestamp, offset, partition): positive when A is the newer. */
    public static int compare(long timestampA, long offsetA, int partitionA, long timestampB, long offsetB, int partitionB) {
        int c = Long.compare(timestampA, timestampB);
        if (c == 0) {
            c = Long.compare(offsetA, offsetB);
        }
        if (c == 0) {
            c = Integer.compare(partitionA, partitionB);
        }
        return c;
    }
}
