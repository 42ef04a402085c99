package org.observer.search;

import org.observer.api.SearchHit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Adds up the parts of one search that several nodes answered: totals, histogram buckets and every
 * term's count are sums (exact, since every part counted all of its matches), and the page is the
 * newest hits of all parts in the cluster-wide order, with the cursor of its last hit.
 *
 * @param histogram counts per bucket, or null without a histogram
 * @param next      the cursor of the following page, or null on the last page
 * @param found     the explicitly named indexes some part holds
 */
public record SearchMerge(long total, List<SearchHit> page, String next, long[] histogram,
                          Map<String, Map<String, Long>> terms, Set<String> found) {

    public static SearchMerge of(SearchPlan plan, List<PartialResult> parts) {
        int size = plan.request().size();
        long total = 0;
        List<SearchHit> hits = new ArrayList<>();
        long[] histogram = plan.histogramInterval() > 0 ? new long[plan.histogramBuckets()] : null;
        Map<String, Map<String, Long>> terms = new LinkedHashMap<>();
        plan.request().termsFields().forEach(field -> terms.put(field, new HashMap<>()));
        Set<String> found = new TreeSet<>();
        for (PartialResult part : parts) {
            total += part.total();
            hits.addAll(part.hits());
            if (histogram != null && part.histogram() != null) {
                for (int i = 0; i < histogram.length; i++) {
                    histogram[i] += part.histogram()[i];
                }
            }
            part.terms().forEach((field, counts) -> {
                Map<String, Long> sum = terms.computeIfAbsent(field, f -> new HashMap<>());
                counts.forEach((term, count) -> sum.merge(term, count, Long::sum));
            });
            found.addAll(part.found());
        }
        hits.sort(SearchCursor.ORDER);
        List<SearchHit> page = hits.size() > size ? List.copyOf(hits.subList(0, size)) : hits;
        String next = !page.isEmpty() && page.size() == size ? SearchCursor.after(page.get(page.size() - 1)).encode() : null;
        return new SearchMerge(total, page, next, histogram, terms, found);
    }
}
