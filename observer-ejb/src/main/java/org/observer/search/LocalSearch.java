package org.observer.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.ingest.PartitionOwnership;
import org.observer.index.IndexManager;
import org.observer.index.IndexNames;
import org.observer.index.StoreKey;
import org.observer.query.Query;
import org.observer.query.QueryParser;
import org.observer.storage.Aggregation;
import org.observer.storage.StoreResult;
import org.observer.storage.StoreStats;
import org.observer.storage.StoredHit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a search over this node's stores of the partitions it is asked for and serves: exact counts
 * and the newest hits after the cursor. The node that received the request merges such answers.
 *
 * <p>Paging: hits are ordered by time (newest first), then index name, then id; the cursor names
 * the last hit of a page, and the next page is the hits strictly after it in that order. Every
 * store is asked for its newest hits up to the cursor's time, with room for all of its hits at
 * exactly that time, so no hit is skipped or repeated however many share a millisecond.
 */
@ApplicationScoped
public class LocalSearch {

    @Inject
    IndexManager indexes;

    @Inject
    PartitionOwnership ownership;

    /** Searches the stores of {@code partitions} this node serves now: counts, then fetches its newest hits. */
    public PartialResult search(SearchPlan plan, Set<Integer> partitions) {
        Counted counted = countStores(plan, serving(partitions));
        int size = plan.request().size();
        List<SearchHit> hits = new ArrayList<>();
        if (size > 0) {
            // Only the stores holding the overall newest fetch, and only those hits.
            long floor = StoreResult.newestFloor(counted.newestByStore.values(), size + counted.shownAtCursor);
            for (Map.Entry<StoreKey, long[]> e : counted.newestByStore.entrySet()) {
                if (e.getValue()[0] >= floor) {
                    fetch(counted, e.getKey(), floor, counted.wantedByStore.get(e.getKey()), hits);
                }
            }
        }
        return counted.result(page(hits, size), null);
    }

    /**
     * The first half of a search spread over several nodes: exact counts, and instead of hits the
     * times of this node's newest ones, from which the receiving node works out which nodes hold the
     * overall newest and from which time on ({@link #fetch(SearchPlan, Set, long)}). Reads no record.
     */
    public PartialResult count(SearchPlan plan, Set<Integer> partitions) {
        Counted counted = countStores(plan, serving(partitions));
        long wanted = plan.request().size() + counted.shownAtCursor;
        long[] newest = counted.newestByStore.values().stream().flatMapToLong(java.util.Arrays::stream)
                .boxed().sorted(Comparator.reverseOrder()).limit(wanted).mapToLong(Long::longValue).toArray();
        return counted.result(List.of(), newest);
    }

    /**
     * The second half: this node's newest hits (after the cursor) from {@code floor} on, the time
     * below which no hit can be among the overall newest. Counts nothing.
     */
    public PartialResult fetch(SearchPlan plan, Set<Integer> partitions, long floor) {
        SearchRequest request = plan.request();
        Set<Integer> answered = serving(partitions);
        Counted scope = scope(plan, answered);
        List<SearchHit> hits = new ArrayList<>();
        long from = Math.max(scope.from, floor);
        for (StoreKey store : newestFirst(scope.stores, from, scope.pageTo)) {
            int size = request.size();
            if (scope.cursor != null) {
                size += (int) Math.min(SearchRequest.MAX_SIZE, ties(scope, store));
            }
            fetch(scope, store, floor, size, hits);
        }
        return new PartialResult(0, page(hits, request.size()), null, Map.of(), answered, scope.found, null, 0);
    }

    /** What the two halves of a search share: the stores it reads, its query, range and cursor. */
    private final class Counted {
        final Query query;
        final SearchCursor cursor;
        final long from;
        final long to;
        /** With a cursor, hits come from [from, cursor time]; the matches after it are only counted. */
        final long pageTo;
        final List<StoreKey> stores;
        final Set<Integer> answered;
        final Set<String> found = new TreeSet<>();
        Aggregation aggregation;
        long total;
        final Map<StoreKey, long[]> newestByStore = new LinkedHashMap<>();
        final Map<StoreKey, Integer> wantedByStore = new HashMap<>();
        long shownAtCursor;

        Counted(SearchPlan plan, Set<Integer> answered) {
            SearchRequest request = plan.request();
            this.answered = answered;
            from = request.from() == null ? Long.MIN_VALUE : request.from();
            to = request.to() == null ? Long.MAX_VALUE : request.to();
            query = QueryParser.parse(request.query() == null ? "" : request.query());
            cursor = SearchCursor.decodeOrNull(request.searchAfter());
            pageTo = cursor == null ? to : Math.min(to, cursor.timestamp() + 1);
            stores = resolve(request.index(), answered, found);
        }

        PartialResult result(List<SearchHit> hits, long[] newest) {
            return new PartialResult(total, hits, aggregation == null ? null : aggregation.histogram(),
                    aggregation == null ? Map.of() : aggregation.terms(), answered, found, newest, shownAtCursor);
        }
    }

    private Counted scope(SearchPlan plan, Set<Integer> answered) {
        return new Counted(plan, answered);
    }

    /** Every store counts its matches and names the times of its newest; no record is read. */
    private Counted countStores(SearchPlan plan, Set<Integer> answered) {
        SearchRequest request = plan.request();
        Counted c = scope(plan, answered);
        c.aggregation = plan.histogramInterval() > 0 || !request.termsFields().isEmpty()
                ? new Aggregation(plan.histogramStart(), plan.histogramInterval(), plan.histogramBuckets(), request.termsFields())
                : null;
        for (StoreKey store : newestFirst(c.stores, c.from, c.to)) {
            int size = request.size();
            if (c.cursor != null && size > 0) {
                // room for every hit at exactly the cursor's time, some of which earlier pages showed
                long ties = ties(c, store);
                c.shownAtCursor += ties;
                size += (int) Math.min(SearchRequest.MAX_SIZE, ties);
            }
            if (c.cursor != null && c.pageTo < c.to) {
                c.total += search(store, c.query, c.pageTo, c.to, 0, c.aggregation, false).total();
            }
            StoreResult result = search(store, c.query, c.from, c.pageTo, size, c.aggregation, false);
            c.total += result.total();
            if (result.newest().length > 0) {
                c.newestByStore.put(store, result.newest());
                c.wantedByStore.put(store, size);
            }
        }
        return c;
    }

    private long ties(Counted c, StoreKey store) {
        return search(store, c.query, c.cursor.timestamp(), c.cursor.timestamp() + 1, 0, null, false).total();
    }

    /** Adds the store's newest {@code size} hits from {@code floor} on that come after the cursor. */
    private void fetch(Counted c, StoreKey store, long floor, int size, List<SearchHit> hits) {
        StoreResult result = search(store, c.query, Math.max(c.from, floor), c.pageTo, size, null, true);
        for (StoredHit hit : result.hits()) {
            SearchHit shown = new SearchHit(store.index(), hit.id(), hit.timestamp(), new String(hit.source(), StandardCharsets.UTF_8));
            if (c.cursor == null || c.cursor.isBefore(shown)) {
                hits.add(shown);
            }
        }
    }

    private static List<SearchHit> page(List<SearchHit> hits, int size) {
        hits.sort(SearchCursor.ORDER);
        return hits.size() > size ? List.copyOf(hits.subList(0, size)) : hits;
    }

    /** The oldest and newest log time of the named stores among {@code partitions} ({@code [MAX, MIN]} when empty). */
    public long[] bounds(String pattern, Set<Integer> partitions) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (StoreKey store : resolve(pattern, serving(partitions), new TreeSet<>())) {
            StoreStats stats = knownOrLoadedStats(store);
            if (stats != null && stats.minTimestamp() != null) {
                min = Math.min(min, stats.minTimestamp());
                max = Math.max(max, stats.maxTimestamp());
            }
        }
        return new long[]{min, max};
    }

    private Set<Integer> serving(Set<Integer> partitions) {
        Set<Integer> answered = new TreeSet<>();
        for (int partition : partitions) {
            if (ownership.serves(partition)) {
                answered.add(partition);
            }
        }
        return answered;
    }

    private StoreResult search(StoreKey store, Query query, long from, long to, int size, Aggregation aggregation,
                               boolean fetch) {
        try {
            return indexes.read(store.index(), store.partition(), s -> s.search(query, from, to, size, aggregation, fetch));
        } catch (IOException e) {
            throw new UncheckedIOException("searching index " + store + " failed", e);
        }
    }

    private StoreStats knownOrLoadedStats(StoreKey store) {
        StoreStats stats = indexes.knownStats(store.index(), store.partition());
        if (stats != null) {
            return stats;
        }
        try {
            return indexes.read(store.index(), store.partition(), s -> s.stats());
        } catch (IOException e) {
            throw new UncheckedIOException("reading index " + store + " failed", e);
        }
    }

    /**
     * Drops the stores known to hold nothing in [from, to) without loading them, and orders the
     * rest newest first (unknown figures first: they must be searched anyway).
     */
    private List<StoreKey> newestFirst(List<StoreKey> stores, long from, long to) {
        List<StoreKey> kept = new ArrayList<>();
        Map<StoreKey, Long> newest = new HashMap<>();
        for (StoreKey store : stores) {
            StoreStats stats = indexes.knownStats(store.index(), store.partition());
            if (stats != null && (stats.documents() == 0 || stats.maxTimestamp() < from || stats.minTimestamp() >= to)) {
                continue;
            }
            if (!IndexNames.mayHoldTimes(store.index(), from, to)) {
                continue; // a time-sharded name (auth-2025-07-10) outside the range: not even opened
            }
            kept.add(store);
            newest.put(store, stats == null ? Long.MAX_VALUE : stats.maxTimestamp());
        }
        kept.sort(Comparator.comparing(newest::get, Comparator.reverseOrder()));
        return kept;
    }

    /**
     * The stores of {@code partitions} named by {@code pattern} (validated by the receiving node):
     * names and prefixes ending in '*', comma-separated. Explicit names found go to {@code found}.
     */
    private List<StoreKey> resolve(String pattern, Set<Integer> partitions, Set<String> found) {
        Set<StoreKey> stores = new java.util.LinkedHashSet<>();
        List<StoreKey> all = indexes.stores(partitions);
        for (String part : pattern.split(",")) {
            String p = part.trim();
            if (p.endsWith("*")) {
                String prefix = p.substring(0, p.length() - 1);
                all.stream().filter(s -> s.index().startsWith(prefix)).forEach(stores::add);
            } else {
                List<StoreKey> named = indexes.stores(p, partitions);
                if (!named.isEmpty()) {
                    found.add(p);
                }
                stores.addAll(named);
            }
        }
        return new ArrayList<>(stores);
    }
}
