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

    boolean hasHistogram() {
        return buckets != null;
    }

    boolean hasTerms() {
        return !terms.isEmpty();
    }

    int bucketCount() {
        return buckets.length;
    }

    long bucketStart(int bucket) {
        return start + bucket * interval;
    }

    void addToBucket(int bucket, long count) {
        buckets[bucket] += count;
    }

    void addTimestamp(long timestamp) {
        long bucket = Math.floorDiv(timestamp - start, interval);
        if (bucket >= 0 && bucket < buckets.length) {
            buckets[(int) bucket]++;
        }
    }

    void addTerm(String field, String term, long count) {
        if (count > 0 && !term.isEmpty()) { // the empty term is the field's "exists" key
            terms.get(field).merge(term, count, Long::sum);
        }
    }

    /** Matching documents per shape: a term held by shapes counts the matches of those shapes. */
    static int[] matchesPerShape(long[] bits, Shapes shapes) {
        int[] perShape = new int[shapes.count()];
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                perShape[shapes.shapeOf((w << 6) + Long.numberOfTrailingZeros(word))]++;
                word &= word - 1;
            }
        }
        return perShape;
    }

    /** How many of the ascending {@code ordinals[0..size)} are set in {@code bits}. */
    static long countSet(int[] ordinals, int size, long[] bits) {
        long count = 0;
        for (int i = 0; i < size; i++) {
            int ordinal = ordinals[i];
            if ((bits[ordinal >>> 6] & (1L << ordinal)) != 0) {
                count++;
            }
        }
        return count;
    }
}
