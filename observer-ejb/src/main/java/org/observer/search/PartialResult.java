package org.observer.search;

import org.observer.api.SearchHit;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one node answers for the partitions it was asked for: exact counts, and its newest hits
 * after the cursor (at most the page size), newest first.
 *
 * @param histogram counts per bucket, or null
 * @param terms     per field, every term's count (not a top-k: sums over nodes stay exact)
 * @param answered  the partitions this answer covers (those of the request this node serves)
 * @param found     the explicitly named indexes that have a store in those partitions
 */
public record PartialResult(long total, List<SearchHit> hits, long[] histogram, Map<String, Map<String, Long>> terms,
                            Set<Integer> answered, Set<String> found) {
}
