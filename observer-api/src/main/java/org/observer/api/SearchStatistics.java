package org.observer.api;

/**
 * How many searches this node answered as the search root (the API, the Elasticsearch API and the
 * console all search through it) and how long they took together: a rate and a mean latency are
 * differences of two readings.
 */
public interface SearchStatistics {

    /** Searches answered and their total time, since the node started. */
    record Reading(long searches, long totalNanos) {
    }

    Reading read();
}
