package org.observer.storage.search;

import java.util.Comparator;

/**
 * The order of hits, one for segments, chunks and the merge across them: newer timestamp first,
 * then higher Kafka offset and line ({@link org.observer.storage.LogSequence}), then higher partition (so equal timestamps still give one order).
 */
public final class HitOrder {

    /** Candidates newest first; their sequence and partition are known once fetched. */
    public static final Comparator<Candidate> NEWEST_FIRST = (a, b) ->
            compare(b.timestamp, b.sequence, b.partition, a.timestamp, a.sequence, a.partition);

    private HitOrder() {
    }

    /** Ascending (timestamp, sequence, partition): positive when A is the newer. */
    public static int compare(long timestampA, long sequenceA, int partitionA, long timestampB, long sequenceB, int partitionB) {
        int c = Long.compare(timestampA, timestampB);
        if (c == 0) {
            c = Long.compare(sequenceA, sequenceB);
        }
        if (c == 0) {
            c = Integer.compare(partitionA, partitionB);
        }
        return c;
    }
}
