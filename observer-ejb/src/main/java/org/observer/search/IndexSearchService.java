package org.observer.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.IndexNotFoundException;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;
import org.observer.analysis.FieldTypes;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexManager;
import org.observer.index.IndexNames;
import org.observer.ingest.JsonFields;
import org.observer.query.Plan;
import org.observer.query.Query;
import org.observer.query.QueryParser;
import org.observer.query.QueryPlanner;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a search over every index the request names: newest hits first, paged by a cursor, with an
 * exact total and optional aggregations and highlights.
 *
 * <p>Paging: hits are ordered by time (newest first), then index name, then id; the cursor names
 * the last hit of a page, and the next page is the hits strictly after it in that order. Every
 * index is asked for its newest hits up to the cursor's time, with room for all of its hits at
 * exactly that time, so no hit is skipped or repeated however many share a millisecond.
 */
@ApplicationScoped
public class IndexSearchService implements SearchService {

    private static final Comparator<SearchHit> ORDER = Comparator
            .comparingLong(SearchHit::timestamp).reversed()
            .thenComparing(SearchHit::index)
            .thenComparing(hit -> HitId.parse(hit.id()), HitId.NEWEST_FIRST);

    @Inject
    IndexManager indexes;

    @Inject
    ObserverConfig config;

    @Override
    public SearchResult search(SearchRequest request) {
        long start = System.nanoTime();
        if (request.size() < 0 || request.size() > SearchRequest.MAX_SIZE) {
            throw new InvalidRequestException("size must be between 0 and " + SearchRequest.MAX_SIZE
                    + ", got " + request.size());
        }
        if (request.termsSize() < 1 || request.termsSize() > SearchRequest.MAX_TERMS_SIZE) {
            throw new InvalidRequestException("terms_size must be between 1 and " + SearchRequest.MAX_TERMS_SIZE
                    + ", got " + request.termsSize());
        }
        long from = request.from() == null ? Long.MIN_VALUE : request.from();
        long to = request.to() == null ? Long.MAX_VALUE : request.to();
        if (from > to) {
            throw new InvalidRequestException("'from' is after 'to'");
        }
        Query query;
        try {
            query = QueryParser.parse(request.query() == null ? "" : request.query());
            new QueryPlanner(config.fieldTypes()).plan(query); // a bad time in a range is a 400 before any index is read
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid query: " + e.getMessage());
        }
        Cursor cursor = request.searchAfter() == null || request.searchAfter().isBlank() ? null
                : Cursor.decode(request.searchAfter());
        List<String> names = resolve(request.index(), request.from() != null || request.to() != null);
        List<String> inRange = newestFirst(names, from, to);
        Aggregation aggregation = aggregation(request, inRange, from, to);

        long total = 0;
        // With a cursor: hits come from [from, cursor time]; the matches after it are only counted.
        long pageTo = cursor == null ? to : Math.min(to, cursor.timestamp() + 1);
        // Phase 1 reads no record: every index counts its matches and names the times of its newest.
        Map<String, long[]> newestByIndex = new LinkedHashMap<>();
        Map<String, Integer> wantedByIndex = new HashMap<>();
        long shownAtCursor = 0;
        for (String index : inRange) {
            int size = request.size();
            if (cursor != null && size > 0) {
                // room for every hit at exactly the cursor's time, some of which earlier pages showed
                long ties = count(index, query, cursor.timestamp(), cursor.timestamp() + 1);
                shownAtCursor += ties;
                size += (int) Math.min(SearchRequest.MAX_SIZE, ties);
            }
            if (cursor != null && pageTo < to) {
                total += search(index, query, pageTo, to, 0, aggregation, false).total();
            }
            StoreResult result = search(index, query, from, pageTo, size, aggregation, false);
            total += result.total();
            if (result.newest().length > 0) {
                newestByIndex.put(index, result.newest());
                wantedByIndex.put(index, size);
            }
        }
        // Phase 2 fetches only from the indexes holding the overall newest, and only those hits.
        List<SearchHit> hits = new ArrayList<>();
        if (request.size() > 0) {
            long floor = StoreResult.newestFloor(newestByIndex.values(), request.size() + shownAtCursor);
            for (Map.Entry<String, long[]> e : newestByIndex.entrySet()) {
                if (e.getValue()[0] < floor) {
                    continue;
                }
                String index = e.getKey();
                StoreResult result = search(index, query, Math.max(from, floor), pageTo, wantedByIndex.get(index), null, true);
                for (StoredHit hit : result.hits()) {
                    SearchHit found = new SearchHit(index, hit.id(), hit.timestamp(), new String(hit.source(), StandardCharsets.UTF_8));
                    if (cursor == null || cursor.isBefore(found)) {
                        hits.add(found);
                    }
                }
            }
        }
        hits.sort(ORDER);
        List<SearchHit> page = hits.size() > request.size() ? List.copyOf(hits.subList(0, request.size())) : hits;
        String next = null;
        if (!page.isEmpty() && page.size() == request.size()) {
            SearchHit last = page.get(page.size() - 1);
            next = new Cursor(last.timestamp(), last.index(), last.id()).encode();
        }
        if (request.highlight()) {
            page = highlight(page, query);
        }
        return new SearchResult((System.nanoTime() - start) / 1_000_000, total, page, next,
                histogram(aggregation), topTerms(aggregation, request.termsSize()));
    }


    private StoreResult search(String index, Query query, long from, long to, int size, Aggregation aggregation,
                               boolean fetch) {
        try {
            return indexes.read(index, store -> store.search(query, from, to, size, aggregation, fetch));
        } catch (IOException e) {
            throw new UncheckedIOException("searching index " + index + " failed", e);
        }
    }

    private long count(String index, Query query, long from, long to) {
        return search(index, query, from, to, 0, null, false).total();
    }

    /** Bucket width for {@code histogram=auto}: the first giving at most this many buckets. */
    private static final int AUTO_BUCKETS = 100;
    private static final long[] NICE_INTERVALS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
            120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000,
            43_200_000, 86_400_000, 172_800_000, 604_800_000, 2_592_000_000L};
    private static final int MAX_BUCKETS = 10_000;

    /** What to count: a histogram over the range (or over the data when unbounded) and terms. */
    private Aggregation aggregation(SearchRequest request, List<String> names, long from, long to) {
        boolean histogram = request.histogram() != null && !request.histogram().isBlank();
        if (!histogram && request.termsFields().isEmpty()) {
            return null;
        }
        long start = 0;
        long interval = 0;
        int buckets = 0;
        if (histogram) {
            long lo = from;
            long hi = to;
            if (lo == Long.MIN_VALUE || hi == Long.MAX_VALUE) {
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (String name : names) {
                    StoreStats stats = knownOrLoadedStats(name);
                    if (stats != null && stats.minTimestamp() != null) {
                        min = Math.min(min, stats.minTimestamp());
                        max = Math.max(max, stats.maxTimestamp());
                    }
                }
                if (min > max) {
                    min = max = System.currentTimeMillis();
                }
                lo = lo == Long.MIN_VALUE ? min : lo;
                hi = hi == Long.MAX_VALUE ? max + 1 : hi;
            }
            hi = Math.max(hi, lo + 1);
            String asked = request.histogram().trim();
            if (asked.equalsIgnoreCase("auto")) {
                interval = NICE_INTERVALS[NICE_INTERVALS.length - 1];
                for (long nice : NICE_INTERVALS) {
                    if ((hi - lo + nice - 1) / nice <= AUTO_BUCKETS) {
                        interval = nice;
                        break;
                    }
                }
            } else {
                try {
                    interval = ObserverConfig.parseDuration(asked).toMillis();
                } catch (RuntimeException e) {
                    interval = 0;
                }
                if (interval <= 0) {
                    throw new InvalidRequestException("histogram is '" + asked + "': use auto or an interval such as 30s, 5m, 1h, 1d");
                }
            }
            start = Math.floorDiv(lo, interval) * interval;
            long count = (hi - start + interval - 1) / interval;
            if (count > MAX_BUCKETS) {
                throw new InvalidRequestException("a histogram of " + asked + " over this range has " + count
                        + " buckets, more than " + MAX_BUCKETS + ": use a wider interval or a shorter range");
            }
            buckets = (int) count;
        }
        return new Aggregation(start, interval, buckets, request.termsFields());
    }

    private StoreStats knownOrLoadedStats(String name) {
        StoreStats stats = indexes.knownStats(name);
        if (stats != null) {
            return stats;
        }
        try {
            return indexes.read(name, store -> store.stats());
        } catch (IOException e) {
            throw new UncheckedIOException("reading index " + name + " failed", e);
        }
    }

    private static SearchResult.Histogram histogram(Aggregation aggregation) {
        if (aggregation == null || aggregation.histogram() == null) {
            return null;
        }
        List<Long> counts = new ArrayList<>();
        for (long count : aggregation.histogram()) {
            counts.add(count);
        }
        return new SearchResult.Histogram(aggregation.histogramStart(), aggregation.histogramInterval(), counts);
    }

    /** Per field, the most frequent terms first (ties in term order). */
    private static Map<String, List<SearchResult.TermCount>> topTerms(Aggregation aggregation, int size) {
        if (aggregation == null) {
            return Map.of();
        }
        Map<String, List<SearchResult.TermCount>> out = new LinkedHashMap<>();
        aggregation.terms().forEach((field, counts) -> out.put(field, counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(size)
                .map(e -> new SearchResult.TermCount(e.getKey(), e.getValue()))
                .toList()));
        return out;
    }

    /** Marks where the query matched each hit, analyzed with the field types of the hit's index. */
    private List<SearchHit> highlight(List<SearchHit> hits, Query query) {
        List<SearchHit> out = new ArrayList<>(hits.size());
        Map<String, Plan> plans = new HashMap<>();
        for (SearchHit hit : hits) {
            FieldTypes types = config.fieldTypes(hit.index());
            Plan plan = plans.computeIfAbsent(hit.index(), i -> new QueryPlanner(types).plan(query));
            Map<String, List<SearchHit.Highlight>> spans = new LinkedHashMap<>();
            new Highlighter(types).highlight(plan, JsonFields.indexed(hit.source().getBytes(StandardCharsets.UTF_8)))
                    .forEach((field, list) -> spans.put(field, list.stream()
                            .map(span -> new SearchHit.Highlight(span.value(), span.start(), span.end())).toList()));
            out.add(new SearchHit(hit.index(), hit.id(), hit.timestamp(), hit.source(), spans));
        }
        return out;
    }

    /**
     * Drops the indexes known to hold nothing in [from, to) without loading them, and orders the
     * rest newest first (unknown figures first: they must be searched anyway).
     */
    private List<String> newestFirst(List<String> names, long from, long to) {
        List<String> kept = new ArrayList<>();
        Map<String, Long> newest = new HashMap<>();
        for (String name : names) {
            StoreStats stats = indexes.knownStats(name);
            if (stats != null && (stats.documents() == 0 || stats.maxTimestamp() < from || stats.minTimestamp() >= to)) {
                continue;
            }
            if (!IndexNames.mayHoldTimes(name, from, to)) {
                continue; // a time-sharded name (auth-2025-07-10) outside the range: not even opened
            }
            kept.add(name);
            newest.put(name, stats == null ? Long.MAX_VALUE : stats.maxTimestamp());
        }
        kept.sort(Comparator.comparing(newest::get, Comparator.reverseOrder()));
        return kept;
    }

    /**
     * The existing indexes named by {@code pattern}: names and prefixes ending in '*',
     * comma-separated. A prefix without a time range is refused: it could name every index there is.
     */
    List<String> resolve(String pattern, boolean timeRange) {
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidRequestException("parameter 'index' is required: an index name, a comma list, or a prefix like auth-*");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : pattern.split(",")) {
            String p = part.trim();
            if (p.endsWith("*")) {
                String prefix = p.substring(0, p.length() - 1);
                if (!prefix.isEmpty() && !IndexNames.isValid(prefix)) {
                    IndexNames.requireValid(prefix);
                }
                if (!timeRange) {
                    throw new InvalidRequestException("searching the prefix '" + p + "' needs a time range ('from' and/or 'to',"
                            + " e.g. from=now-1d): without one every index it names would have to be opened."
                            + " Name the indexes instead to search them whole.");
                }
                indexes.names().stream().filter(n -> n.startsWith(prefix)).forEach(names::add);
            } else {
                IndexNames.requireValid(p);
                if (!indexes.exists(p)) {
                    throw new IndexNotFoundException(p);
                }
                names.add(p);
            }
        }
        return new ArrayList<>(names);
    }

    /** A hit's id, {@code partition-offset}, ordered newest (highest offset) first. */
    private record HitId(int partition, long offset) {
        static final Comparator<HitId> NEWEST_FIRST = Comparator.comparingLong(HitId::offset).reversed()
                .thenComparing(Comparator.comparingInt(HitId::partition).reversed());

        static HitId parse(String id) {
            int dash = id.indexOf('-');
            return new HitId(Integer.parseInt(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
        }
    }

    /** The last hit of a page, as the opaque {@code next} token of the API. */
    record Cursor(long timestamp, String index, String id) {

        String encode() {
            String raw = timestamp + ":" + index + ":" + id;
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String raw = new String(java.util.Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
                String[] parts = raw.split(":", 3);
                Cursor cursor = new Cursor(Long.parseLong(parts[0]), parts[1], parts[2]);
                HitId.parse(cursor.id());
                return cursor;
            } catch (RuntimeException e) {
                throw new InvalidRequestException("search_after is not a cursor this server gave out: pass the 'next'"
                        + " value of the previous page unchanged");
            }
        }

        /** True if {@code hit} comes after this cursor's hit in the result order. */
        boolean isBefore(SearchHit hit) {
            return ORDER.compare(new SearchHit(index, id, timestamp, null), hit) < 0;
        }
    }
}
