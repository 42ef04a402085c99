package org.observer.api;

import java.util.List;
import java.util.Map;

/**
 * Hits newest first; {@code total} counts every match in the time range, not only the hits of this
 * page; {@code next} is the cursor of the following page (null when this page is the last).
 * {@code histogram} (null unless asked for) and {@code terms} count every match too.
 * {@code partitions} says how many partitions of {@code observer.ingest} answered: when one could
 * not, the counts and hits leave its logs out, and it is named in {@code missing}.
 */
public record SearchResult(long tookMs, long total, List<SearchHit> hits, String next, Histogram histogram,
                           Map<String, List<TermCount>> terms, Partitions partitions) {

    public SearchResult {
        terms = terms == null ? Map.of() : terms;
    }

    public SearchResult(long tookMs, long total, List<SearchHit> hits) {
        this(tookMs, total, hits, null, null, Map.of(), null);
    }

    /** True when some partition did not answer: the result leaves its logs out. */
    public boolean partial() {
        return partitions != null && !partitions.missing().isEmpty();
    }

    /** How many partitions the search covered, and which could not answer. */
    public record Partitions(int total, int answered, List<Integer> missing) {
        public Partitions {
            missing = missing == null ? List.of() : List.copyOf(missing);
        }
    }

    /** Matches per time bucket: bucket i starts at {@code start + i * intervalMs}. */
    public record Histogram(long start, long intervalMs, List<Long> counts) {
    }

    /** How many matches hold {@code term} in the field. */
    public record TermCount(String term, long count) {
    }
}
