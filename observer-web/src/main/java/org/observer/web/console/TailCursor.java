package org.observer.web.console;

import org.observer.api.SearchHit;
import org.observer.api.SearchResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * How far a live tail has read. Each poll searches from the newest time seen (inclusive) and drops
 * the logs it already showed, remembered by index and id.
 * <p>
 * It looks {@code lateMs} further back than the newest time seen: logs become searchable out of
 * time order (an index pattern spans Kafka partitions that are processed independently, and
 * shippers send batches), and a log a little older than the newest one shown must not be lost.
 * After a poll that matched more than it fetched, it looks at nothing older than that poll's
 * newest millisecond again, so what was skipped is counted once and never shown late (a shipper's
 * bulk without times is stamped with one millisecond: thousands of logs at the same time).
 * The skipped count is then a lower bound: the engine counts matches and fetches hits in two
 * steps, and a log that becomes searchable between them, older than the hits, is in neither.
 * <p>
 * Memory is bounded by the logs of the look-back window. Not thread-safe: one poller owns it.
 */
final class TailCursor {

    private final long lateMs;
    /** Newest timestamp seen; starts at the tail's start time. */
    private long newest;
    /** Nothing older than this is searched again (the start, or just after the newest log of a poll that skipped). */
    private long floor;
    /** Logs shown whose time is in the current window, by timestamp, as index + NUL + id. */
    private final TreeMap<Long, List<String>> seenByTime = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();

    /**
     * @param start  the oldest time the tail shows
     * @param lateMs how much older than the newest log shown a log may be and still be shown
     */
    TailCursor(long start, long lateMs) {
        this.newest = start;
        this.floor = start;
        this.lateMs = lateMs;
    }

    /** The inclusive start of the next poll's search. */
    long from() {
        return Math.max(floor, newest - lateMs);
    }

    /**
     * Takes the result of searching from {@link #from()} (hits newest first, possibly fewer than
     * matched): returns the logs not shown before and how many matches were left out.
     */
    TailBatch take(SearchResult result) {
        List<SearchHit> fresh = new ArrayList<>();
        int seenAgain = 0;
        for (SearchHit hit : result.hits()) {
            if (seen.contains(key(hit))) {
                seenAgain++;
            } else {
                fresh.add(hit);
            }
        }
        // the total counts every match in the window, including those shown by earlier polls
        long seenLeftOut = seen.size() - seenAgain;
        long skipped = Math.max(0, result.total() - result.hits().size() - seenLeftOut);
        for (SearchHit hit : fresh) {
            remember(hit);
            newest = Math.max(newest, hit.timestamp());
        }
        if (skipped > 0) {
            floor = newest + 1;
        }
        forgetBefore(from());
        return new TailBatch(fresh, skipped);
    }

    /** How many logs it remembers: those of the look-back window only. */
    int remembered() {
        return seen.size();
    }

    private void remember(SearchHit hit) {
        String key = key(hit);
        if (seen.add(key)) {
            seenByTime.computeIfAbsent(hit.timestamp(), t -> new ArrayList<>(1)).add(key);
        }
    }

    private void forgetBefore(long time) {
        var old = seenByTime.headMap(time, false);
        old.values().forEach(keys -> keys.forEach(seen::remove));
        old.clear();
    }

    /** Ids are unique within an index only. */
    private static String key(SearchHit hit) {
        return hit.index() + '\0' + hit.id();
    }
}
