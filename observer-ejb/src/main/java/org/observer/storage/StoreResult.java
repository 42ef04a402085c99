package org.observer.storage;

import java.util.List;

/**
 * The exact number of matches and at most {@code size} of them, newest first. A search that did
 * not fetch gives instead the newest {@code size} matches' timestamps (descending) in
 * {@code newest}, and no hits.
 */
public record StoreResult(long total, List<StoredHit> hits, long[] newest) {

    public StoreResult(long total, List<StoredHit> hits) {
        this(total, hits, null);
    }

    /**
     * The time of the {@code wanted}-th newest among the {@link #newest} times of several
     * searches: no hit older can be among the newest {@code wanted} of them all, so only searches
     * holding a time at or after it need to fetch, from that time on. {@link Long#MIN_VALUE} when
     * there are fewer times; {@link Long#MAX_VALUE} (fetch nothing) when none is wanted.
     */
    public static long newestFloor(java.util.Collection<long[]> newest, long wanted) {
        if (wanted <= 0) {
            return Long.MAX_VALUE;
        }
        long[] all = newest.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        return all.length < wanted ? Long.MIN_VALUE : all[(int) (all.length - wanted)];
    }
}
