package org.observer.api;

/**
 * A search: an index name, a comma list of names, or a prefix ending in {@code *}; a query string;
 * an optional time range in epoch milliseconds (inclusive {@code from}, exclusive {@code to}); and
 * how many hits to return, newest first.
 */
public record SearchRequest(String index, String query, Long from, Long to, int size) {

    public static final int DEFAULT_SIZE = 100;
    public static final int MAX_SIZE = 10_000;
}
