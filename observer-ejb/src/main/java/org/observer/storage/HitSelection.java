package org.observer.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.observer.storage.search.Candidate;
import org.observer.storage.search.HitOrder;
import org.observer.storage.segment.ActiveSegment;

/**
 * The newest of the candidates every chunk and the active segment gave for one search: their
 * timestamps, or the hits fetched in storage order and put in {@link HitOrder}.
 */
final class HitSelection {

    private HitSelection() {
    }

    static long[] newestTimestamps(List<Candidate> candidates, int size) {
        long[] timestamps = new long[candidates.size()];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = candidates.get(i).timestamp;
        }
        Arrays.sort(timestamps);
        int count = Math.min(size, timestamps.length);
        long[] newest = new long[count];
        for (int i = 0; i < count; i++) {
            newest[i] = timestamps[timestamps.length - 1 - i];
        }
        return newest;
    }

    /**
     * Fetches and orders the newest {@code size} candidates. Each source gave its own newest
     * {@code size}; only candidates at least as new as the size-th newest timestamp can make the
     * cut, and ties on that timestamp are settled by offset once fetched.
     */
    static List<StoredHit> topHits(List<Candidate> candidates, int size, ActiveSegment active) throws IOException {
        if (size == 0 || candidates.isEmpty()) {
            return List.of();
        }
        candidates.sort((a, b) -> Long.compare(b.timestamp, a.timestamp));
        List<Candidate> selected = candidates;
        if (candidates.size() > size) {
            long threshold = candidates.get(size - 1).timestamp;
            int cut = size;
            while (cut < candidates.size() && candidates.get(cut).timestamp == threshold) {
                cut++;
            }
            selected = new ArrayList<>(candidates.subList(0, cut));
        }
        // Fetch in storage order so consecutive hits share a decompressed block.
        List<Candidate> byLocation = new ArrayList<>(selected);
        byLocation.sort(Comparator.comparingInt((Candidate c) -> c.chunk == null ? Integer.MAX_VALUE : c.chunk.number())
                .thenComparingInt(c -> c.ordinal));
        for (int i = 0; i < byLocation.size(); i++) {
            Candidate candidate = byLocation.get(i);
            if (candidate.chunk == null) {
                active.fetch(candidate);
            } else {
                boolean lone = !sameBlock(candidate, i > 0 ? byLocation.get(i - 1) : null)
                        && !sameBlock(candidate, i + 1 < byLocation.size() ? byLocation.get(i + 1) : null);
                candidate.chunk.fetch(candidate, lone);
            }
        }
        selected.sort(HitOrder.NEWEST_FIRST);
        int count = Math.min(size, selected.size());
        List<StoredHit> hits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hits.add(selected.get(i).toHit());
        }
        return hits;
    }

    private static boolean sameBlock(Candidate a, Candidate b) {
        return b != null && a.chunk == b.chunk && a.chunk.blockOf(a.ordinal) == b.chunk.blockOf(b.ordinal);
    }
}
