package org.observer.search;

import jakarta.enterprise.context.ApplicationScoped;
import org.observer.api.SearchStatistics;

import java.util.concurrent.atomic.LongAdder;

/** Counts the searches this node answers as the search root, and their time. */
@ApplicationScoped
public class SearchStats implements SearchStatistics {

    private final LongAdder searches = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();

    public void answered(long nanos) {
        searches.increment();
        totalNanos.add(nanos);
    }

    @Override
    public Reading read() {
        return new Reading(searches.sum(), totalNanos.sum());
    }
}
