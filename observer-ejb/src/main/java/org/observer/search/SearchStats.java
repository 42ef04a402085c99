package org.observer.search;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many searches this node answered as the search root (the API, the Elasticsearch API and the
 * console all search through it) and how long they took together: the console's query rate and
 * latency are differences of two readings.
 */
@ApplicationScoped
public class SearchStats {

    /** Searches answered and their total time, since the node started. */
    public record Reading(long searches, long totalNanos) {
    }

    private final LongAdder searches = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();

    public void answered(long nanos) {
        searches.increment();
        totalNanos.add(nanos);
    }

    public Reading read() {
        return new Reading(searches.sum(), totalNanos.sum());
    }
}
