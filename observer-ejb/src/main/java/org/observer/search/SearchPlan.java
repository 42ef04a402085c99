package org.observer.search;

import org.observer.api.SearchRequest;

/**
 * A search as the node that received it decided it, sent to every node that owns a partition it
 * needs: the request itself, and the histogram's buckets (decided once, so counts add up).
 *
 * @param histogramInterval bucket width in ms, 0 for no histogram
 */
public record SearchPlan(SearchRequest request, long histogramStart, long histogramInterval, int histogramBuckets) {
}
