package org.observer.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a search counts besides its hits, summed over every chunk and index it reads: a date
 * histogram of the matches, and for each requested field how many matches hold each of its terms
 * (a keyword value is one term; a text value gives its analyzed terms). Exact: every match is
 * counted. Not thread-safe: one search fills it.
 */
public final class Aggregation {

    private final long start;
    private final long interval;
    private final long[] buckets;
    private final Map<String, Map<String, Long>> terms = new LinkedHashMap<>();

    /**
     * @param start       first bucket's start, epoch ms (ignored without a histogram)
     * @param interval    bucket width in ms, or 0 for no histogram
     * @param bucketCount buckets of the histogram
     * @param termsFields fields to count terms of (none: no terms aggregation)
     */
    public Aggregation(long start, long interval, int bucketCount, List<String> termsFields) {
        if (interval < 0 || bucketCount < 0 || (interval > 0 && bucketCount == 0)) {
            throw new IllegalArgumentException("bad histogram: interval " + interval + ", buckets " + bucketCount);
        }
        this.start = start;
        this.interval = interval;
        this.buckets = interval > 0 ? new long[bucketCount] : null;
        for (String field : termsFields) {
            terms.put(field, new java.util.HashMap<>());
        }
    }

    /** Counts per bucket, oldest first; null without a histogram. */
    public long[] histogram() {
        return buckets;
    }

    public long histogramStart() {
        return start;
    }

    public long histogramInterval() {
        return interval;
    }

    /** Per requested field: term -> matching documents holding it. */
    public Map<String, Map<String, Long>> terms() {
        return terms;
    }

    public boolean hasHistogram() {
        return buckets != null;
    }

    public boolean hasTerms() {
        return !terms.isEmpty();
    }

    public int bucketCount() {
        return buckets.length;
    }

    public long bucketStart(int bucket) {
        return start + bucket * interval;
    }

    public void addToBucket(int bucket, long count) {
        buckets[bucket] += count;
    }

    public void addTimestamp(long timestamp) {
        long bucket = Math.floorDiv(timestamp - start, interval);
        if (bucket >= 0 && bucket < buckets.length) {
            buckets[(int) bucket]++;
        }
    }

    public void addTerm(String field, String term, long count) {
        if (count > 0 && !term.isEmpty()) { // the empty term is the field's "exists" key
            terms.get(field).merge(term, count, Long::sum);
        }
    }
}
