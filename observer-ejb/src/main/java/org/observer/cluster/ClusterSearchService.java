package org.observer.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.analysis.FieldTypes;
import org.observer.api.IndexNotFoundException;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexNames;
import org.observer.logs.JsonFields;
import org.observer.query.Plan;
import org.observer.query.Query;
import org.observer.query.QueryParser;
import org.observer.query.QueryPlanner;
import org.observer.search.Highlighter;
import org.observer.search.PartialResult;
import org.observer.search.SearchCursor;
import org.observer.search.SearchMerge;
import org.observer.search.SearchPlan;
import org.observer.search.SearchStats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any node answers every search: it checks the request, asks the node serving each partition of
 * {@code observer.ingest} (itself included) for its part, and merges the parts exactly — totals,
 * histogram buckets and terms counts are sums, hits the newest overall, the cursor the same as on
 * one node. A partition that could not answer in time is named in the answer, never silently left out.
 */
@ApplicationScoped
public class ClusterSearchService implements SearchService {

    @Inject
    ObserverConfig config;

    @Inject
    Peers peers;

    @Inject
    SearchStats stats;

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
        if (request.termsFields().size() > SearchRequest.MAX_TERMS_FIELDS) {
            throw new InvalidRequestException("terms names " + request.termsFields().size() + " fields, more than "
                    + SearchRequest.MAX_TERMS_FIELDS + " in one search");
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
        SearchCursor.decodeOrNull(request.searchAfter()); // a bad cursor is a 400 here, not on every node
        List<String> named = checkPattern(request.index(), request.from() != null || request.to() != null);

        SearchPlan plan = plan(request, from, to);
        Peers.Gathered<PartialResult> gathered = peers.search(plan);

        SearchMerge merged = SearchMerge.of(plan, gathered.answers());
        if (gathered.missing().isEmpty()) {
            for (String name : named) {
                if (!merged.found().contains(name)) {
                    throw new IndexNotFoundException(name);
                }
            }
        }
        List<SearchHit> page = merged.page();
        if (request.highlight()) {
            page = highlight(page, query);
        }
        SearchResult.Histogram shown = null;
        if (merged.histogram() != null) {
            List<Long> counts = new ArrayList<>(merged.histogram().length);
            for (long count : merged.histogram()) {
                counts.add(count);
            }
            shown = new SearchResult.Histogram(plan.histogramStart(), plan.histogramInterval(), counts);
        }
        long took = System.nanoTime() - start;
        stats.answered(took);
        return new SearchResult(took / 1_000_000, merged.total(), page, merged.next(), shown,
                topTerms(merged.terms(), request.termsSize()),
                new SearchResult.Partitions(gathered.total(), gathered.total() - gathered.missing().size(), gathered.missing()));
    }

    /** Bucket width for {@code histogram=auto}: the first giving at most this many buckets. */
    private static final int AUTO_BUCKETS = 100;
    private static final long[] NICE_INTERVALS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
            120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000,
            43_200_000, 86_400_000, 172_800_000, 604_800_000, 2_592_000_000L};
    private static final int MAX_BUCKETS = 10_000;
    /** Widest histogram bucket: ten years (a wider one holds everything a log store keeps in one bucket). */
    private static final long MAX_INTERVAL_MS = 3_650L * 86_400_000L;

    /**
     * Decides the histogram's buckets once for every node: over the range, or, when the range is
     * open, over the data of the named indexes (one round of asking every node for its bounds).
     */
    private SearchPlan plan(SearchRequest request, long from, long to) {
        boolean histogram = request.histogram() != null && !request.histogram().isBlank();
        if (!histogram) {
            return new SearchPlan(request, 0, 0, 0);
        }
        long lo = from;
        long hi = to;
        if (lo == Long.MIN_VALUE || hi == Long.MAX_VALUE) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long[] bounds : peers.bounds(request.index()).answers()) {
                min = Math.min(min, bounds[0]);
                max = Math.max(max, bounds[1]);
            }
            if (min > max) {
                min = max = System.currentTimeMillis();
            }
            lo = lo == Long.MIN_VALUE ? min : lo;
            hi = hi == Long.MAX_VALUE ? max + 1 : hi;
        }
        hi = Math.max(hi, lo + 1);
        String asked = request.histogram().trim();
        long interval;
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
            if (interval <= 0 || interval > MAX_INTERVAL_MS) {
                throw new InvalidRequestException("histogram is '" + asked + "': use auto or an interval from 1ms to 3650d,"
                        + " such as 30s, 5m, 1h, 1d");
            }
        }
        // with exact arithmetic: over an absurd range (years -292 million to +292 million) the longs would overflow
        long count;
        long start;
        try {
            start = Math.multiplyExact(Math.floorDiv(lo, interval), interval);
            long span = Math.subtractExact(hi, start);
            count = span / interval + (span % interval == 0 ? 0 : 1);
        } catch (ArithmeticException e) {
            throw new InvalidRequestException("the time range is too wide for a histogram of " + asked
                    + ": give a shorter range ('from' and 'to')");
        }
        if (count > MAX_BUCKETS) {
            throw new InvalidRequestException("a histogram of " + asked + " over this range has " + count
                    + " buckets, more than " + MAX_BUCKETS + ": use a wider interval or a shorter range");
        }
        return new SearchPlan(request, start, interval, (int) count);
    }

    /**
     * Checks an index pattern (names and prefixes ending in '*', comma-separated) and returns its
     * explicit names. A prefix without a time range is refused: it could name every index there is.
     */
    static List<String> checkPattern(String pattern, boolean timeRange) {
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidRequestException("parameter 'index' is required: an index name, a comma list, or a prefix like auth-*");
        }
        String[] parts = pattern.split(",");
        if (parts.length > SearchRequest.MAX_INDEXES) {
            throw new InvalidRequestException("the index list names " + parts.length + " indexes or prefixes, more than "
                    + SearchRequest.MAX_INDEXES + " in one search: use a prefix such as app-*");
        }
        List<String> named = new ArrayList<>();
        for (String part : parts) {
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
            } else {
                IndexNames.requireValid(p);
                named.add(p);
            }
        }
        return named;
    }

    /** Per field, the most frequent terms first (ties in term order). */
    private static Map<String, List<SearchResult.TermCount>> topTerms(Map<String, Map<String, Long>> terms, int size) {
        Map<String, List<SearchResult.TermCount>> out = new LinkedHashMap<>();
        terms.forEach((field, counts) -> out.put(field, counts.entrySet().stream()
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
}
