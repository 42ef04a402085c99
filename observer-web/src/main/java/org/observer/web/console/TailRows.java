package org.observer.web.console;

import org.observer.api.SearchHit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows a live tail keeps, newest first, at most {@code max}: adding drops the oldest, so a tail
 * left open for hours holds no more than its bound. Changed and read on the UI thread only.
 */
final class TailRows {

    private final int max;
    private final List<SearchHit> rows = new ArrayList<>();
    private final List<SearchHit> view = Collections.unmodifiableList(rows);

    TailRows(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    /** The rows, newest first; a live view, so a grid's data provider can hold it. */
    List<SearchHit> list() {
        return view;
    }

    /** Puts {@code newestFirst} on top, keeping the newest {@code max} rows in all. */
    void addNewest(List<SearchHit> newestFirst) {
        if (newestFirst.isEmpty()) {
            return;
        }
        int take = Math.min(newestFirst.size(), max);
        List<SearchHit> kept = new ArrayList<>(rows.subList(0, Math.min(rows.size(), max - take)));
        rows.clear();
        rows.addAll(newestFirst.subList(0, take));
        rows.addAll(kept);
    }

    void clear() {
        rows.clear();
    }
}
