package org.observer.web.es;

import org.observer.api.InvalidRequestException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.search.SearchCursor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Hits oldest first ({@code sort: @timestamp asc}) from the engine, which gives the newest first:
 * the oldest {@code n} matches of a range are all the matches before the earliest time E with at
 * least {@code n} matches from the range's start to E. E is found with histograms, each finer over
 * the bucket where the count reaches {@code n} (a few searches that read no record); the matches
 * up to E are then fetched newest first and turned around.
 */
public final class OldestFirst {

    /** Buckets per refinement. */
    private static final int BUCKETS = 100;

    private OldestFirst() {
    }

    /**
     * @param request the search (its index, query, range and highlight; its size and cursor are
     *                replaced)
     * @param after   hits at or before this cursor in the oldest-first order are left out, or null
     * @param skip    oldest hits to skip (Elasticsearch's {@code from})
     * @param size    hits wanted
     */
    public static List<SearchHit> page(SearchRequest request, SearchCursor after, int skip, int size,
                                Function<SearchRequest, SearchResult> search) {
        if (size == 0) {
            return List.of();
        }
        long from = request.from() == null ? Long.MIN_VALUE : request.from();
        long to = request.to() == null ? Long.MAX_VALUE : request.to();
        long seen = 0;
        if (after != null) {
            from = Math.max(from, after.timestamp());
            // the hits of the cursor's millisecond: some are at or before it, to be left out once fetched
            seen = count(request, after.timestamp(), after.timestamp() + 1, search);
        }
        long need = skip + size + seen;
        if (need > SearchRequest.MAX_SIZE) {
            throw new InvalidRequestException("from + size must be at most " + SearchRequest.MAX_SIZE + " hits oldest first,"
                    + " with the hits of the search_after's millisecond");
        }
        long end = endOfOldest(request, from, to, need, search);
        SearchResult fetched = search.apply(narrowed(request, from, end, SearchRequest.MAX_SIZE, null));
        List<SearchHit> hits = new ArrayList<>(fetched.hits());
        Collections.reverse(hits);
        if (after != null) {
            SearchHit cursor = new SearchHit(after.index(), after.id(), after.timestamp(), null);
            // in the newest-first order, the hits after the cursor oldest first come before it
            hits.removeIf(h -> h.timestamp() == after.timestamp() && SearchCursor.ORDER.compare(h, cursor) >= 0);
        }
        int first = Math.min(skip, hits.size());
        return List.copyOf(hits.subList(first, Math.min(hits.size(), first + size)));
    }

    /**
     * The earliest time E such that [from, E) holds at least {@code need} matches and at most
     * {@link SearchRequest#MAX_SIZE} (or {@code to} if the range holds fewer).
     */
    private static long endOfOldest(SearchRequest request, long from, long to, long need,
                                    Function<SearchRequest, SearchResult> search) {
        long total = count(request, from, to, search);
        if (total <= SearchRequest.MAX_SIZE) {
            return to;
        }
        long before = 0; // matches in [from, lo)
        long lo = from;
        long hi = to;
        String interval = "auto";
        while (true) {
            SearchResult.Histogram histogram = search.apply(new SearchRequest(request.index(), request.query(), bound(lo, true),
                    bound(hi, false), 0, null, interval, List.of(), SearchRequest.DEFAULT_TERMS_SIZE, false)).histogram();
            long sum = before;
            boolean crossed = false;
            for (int i = 0; i < histogram.counts().size() && !crossed; i++) {
                long count = histogram.counts().get(i);
                long start = Math.max(lo, histogram.start() + i * histogram.intervalMs());
                long stop = Math.min(hi, histogram.start() + (i + 1) * histogram.intervalMs());
                if (sum + count >= need) {
                    if (sum + count <= SearchRequest.MAX_SIZE) {
                        return stop;
                    }
                    if (stop - start <= 1) {
                        throw new InvalidRequestException("more than " + SearchRequest.MAX_SIZE + " logs share the millisecond "
                                + start + ": oldest first cannot page through them; narrow the query");
                    }
                    before = sum;
                    lo = start;
                    hi = stop;
                    interval = Math.max(1, (stop - start + BUCKETS - 1) / BUCKETS) + "ms";
                    crossed = true;
                } else {
                    sum += count;
                }
            }
            if (!crossed) {
                return hi; // fewer matches than counted a moment ago (an index deleted meanwhile)
            }
        }
    }

    private static long count(SearchRequest request, long from, long to, Function<SearchRequest, SearchResult> search) {
        return search.apply(narrowed(request, from, to, 0, null)).total();
    }

    private static SearchRequest narrowed(SearchRequest request, long from, long to, int size, String histogram) {
        return new SearchRequest(request.index(), request.query(), bound(from, true), bound(to, false), size, null, histogram,
                List.of(), SearchRequest.DEFAULT_TERMS_SIZE, request.highlight());
    }

    /** An open bound stays open, except a pattern's start, which must be given (the engine asks a range of patterns). */
    private static Long bound(long value, boolean start) {
        return start ? Long.valueOf(value) : value == Long.MAX_VALUE ? null : value;
    }
}
