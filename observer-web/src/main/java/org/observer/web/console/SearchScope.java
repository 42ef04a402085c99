package org.observer.web.console;

import org.observer.api.SearchRequest;

import java.util.List;

/**
 * What the Search view is looking at: an index pattern, a query and a time range in epoch ms
 * ({@code from} inclusive, {@code to} exclusive, null when open). Every part of the view (hits,
 * histogram, field values) asks the engine through it, so they always count the same logs.
 */
record SearchScope(String index, String query, Long from, Long to) {

    /** A page of hits, newest first, after {@code cursor} (null for the first page). */
    SearchRequest page(int size, String cursor, String histogram) {
        return new SearchRequest(index, query, from, to, size, cursor, histogram, List.of(),
                SearchRequest.DEFAULT_TERMS_SIZE, true);
    }

    /** Counts only: the top values of one field over every match, no hits. */
    SearchRequest topValues(String field, int size) {
        return new SearchRequest(index, query, from, to, 0, null, null, List.of(field), size, false);
    }
}
