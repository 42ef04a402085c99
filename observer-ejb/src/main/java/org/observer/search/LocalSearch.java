package org.observer.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.LogId;
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

    /** Searches the stores of {@code partitions} this node answers for now (those it serves or keeps a caught-up copy of). */
    public PartialResult search(SearchPlan plan, Set<Integer> partitions) {
        SearchRequest request = plan.request();
        Set<Integer> answered = serving(partitions);
        long from = request.from() == null ? Long.MIN_VALUE : request.from();
        long to = request.to() == null ? Long.MAX_VALUE : request.to();
        Query query = QueryParser.parse(request.query() == null ? "" : request.query());
        SearchCursor cursor = SearchCursor.decodeOrNull(request.searchAfter());
        Set<String> found = new TreeSet<>();
        List<StoreKey> named = resolve(request.index(), answered, found);
        named.removeIf(store -> !request.mayRead(store.index()));
        List<StoreKey> stores = newestFirst(named, from, to);
        Aggregation aggregation = plan.histogramInterval() > 0 || !request.termsFields().isEmpty()
                ? new Aggregation(plan.histogramStart(), plan.histogramInterval(), plan.histogramBuckets(), request.termsFields())
                : null;

        long total = 0;
        // With a cursor: hits come from [from, cursor time]; the matches after it are only counted.
        long pageTo = cursor == null ? to : Math.min(to, cursor.timestamp() + 1);
        // Phase 1 reads no record: every store counts its matches and names the times of its newest.
        Map<StoreKey, long[]> newestByStore = new LinkedHashMap<>();
        Map<StoreKey, Integer> wantedByStore = new HashMap<>();
        long shownAtCursor = 0;
        for (StoreKey store : stores) {
            int size = request.size();
            if (cursor != null && size > 0) {
                // room for every hit at exactly the cursor's time, some of which earlier pages showed
                long ties = search(store, query, cursor.timestamp(), cursor.timestamp() + 1, 0, null, false).total();
                shownAtCursor += ties;
                size += (int) Math.min(SearchRequest.MAX_SIZE, ties);
            }
            if (cursor != null && pageTo < to) {
                total += search(store, query, pageTo, to, 0, aggregation, false).total();
            }
            StoreResult result = search(store, query, from, pageTo, size, aggregation, false);
            total += result.total();
            if (result.newest().length > 0) {
                newestByStore.put(store, result.newest());
                wantedByStore.put(store, size);
            }
        }
        // Phase 2 fetches only from the stores holding the overall newest, and only those hits.
        List<SearchHit> hits = new ArrayList<>();
        if (request.size() > 0) {
            long floor = StoreResult.newestFloor(newestByStore.values(), request.size() + shownAtCursor);
            for (Map.Entry<StoreKey, long[]> e : newestByStore.entrySet()) {
                if (e.getValue()[0] < floor) {
                    continue;
                }
                StoreKey store = e.getKey();
                StoreResult result = search(store, query, Math.max(from, floor), pageTo, wantedByStore.get(store), null, true);
                for (StoredHit hit : result.hits()) {
                    SearchHit shown = new SearchHit(store.index(), new LogId(hit.partition(), hit.offset(), hit.line()).toString(), hit.timestamp(), new String(hit.source(), StandardCharsets.UTF_8));
                    if (cursor == null || cursor.isBefore(shown)) {
                        hits.add(shown);
                    }
                }
            }
        }
        hits.sort(SearchCursor.ORDER);
        List<SearchHit> page = hits.size() > request.size() ? List.copyOf(hits.subList(0, request.size())) : hits;
        return new PartialResult(total, page, aggregation == null ? null : aggregation.histogram(),
                aggregation == null ? Map.of() : aggregation.terms(), answered, found);
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
            if (ownership.answers(partition)) {
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
