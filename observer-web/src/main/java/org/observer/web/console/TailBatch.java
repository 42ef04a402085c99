package org.observer.web.console;

import org.observer.api.SearchHit;

import java.util.List;

/**
 * What one poll of a live tail found: the logs not shown before, newest first, and how many more
 * matched than one poll fetches (the oldest of them, left out so the tail never falls behind).
 */
record TailBatch(List<SearchHit> fresh, long skipped) {

    static final TailBatch EMPTY = new TailBatch(List.of(), 0);

    TailBatch {
        fresh = List.copyOf(fresh);
    }

    /** Every matching line this poll accounted for, shown or skipped. */
    long lines() {
        return fresh.size() + skipped;
    }
}
