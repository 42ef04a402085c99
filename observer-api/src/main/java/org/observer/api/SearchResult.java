package org.observer.api;

import java.util.List;
import java.util.Map;

/**
 * Hits newest first; {@code total} counts every match in the time range, not only the hits of this
 * page; {@code next} is the cursor of the following page (null when this page is the last).
 * {@code histogram} (null unless asked for) and {@code terms} count every match too.
 */
public record SearchResult(long tookMs, long total, List<SearchHit> hits, String next, Histogram histogram,
                           Map<String, List<TermCount>> terms) {

    public SearchResult {
        terms = terms == null ? Map.of() : terms;
    }

    public SearchResult(long tookMs, long total, List<SearchHit> hits) {
        this(tookMs, total, hits, null, null, Map.of());
    }

    /** Matches per time bucket: bucket i starts at {@code start + i * intervalMs}. */
    public record Histogram(long start, long intervalMs, List<Long> counts) {
    }

    /** How many matches hold {@code term} in the field. */
    public record TermCount(String term, long count) {
    }
}
