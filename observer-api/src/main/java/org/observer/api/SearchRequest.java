package org.observer.api;

import java.util.List;

/**
 * A search: an index name, a comma list of names, or a prefix ending in {@code *}; a query string;
 * an optional time range in epoch milliseconds (inclusive {@code from}, exclusive {@code to}); how
 * many hits to return, newest first, and after which hit (the {@code next} cursor of the previous
 * page); and what to count besides.
 *
 * @param searchAfter       null for the first page, else the previous page's {@link SearchResult#next()}
 * @param histogram         null for no date histogram, {@code auto}, or a bucket width such as {@code 5m}
 * @param termsFields       fields whose top terms to count (none: no terms aggregation)
 * @param termsSize         how many top terms per field
 * @param highlight         whether hits say where the query matched them
 */
public record SearchRequest(String index, String query, Long from, Long to, int size, String searchAfter,
                            String histogram, List<String> termsFields, int termsSize, boolean highlight) {

    public static final int DEFAULT_SIZE = 100;
    public static final int MAX_SIZE = 10_000;
    public static final int DEFAULT_TERMS_SIZE = 10;
    public static final int MAX_TERMS_SIZE = 1_000;

    public SearchRequest {
        termsFields = termsFields == null ? List.of() : List.copyOf(termsFields);
    }

    public SearchRequest(String index, String query, Long from, Long to, int size) {
        this(index, query, from, to, size, null, null, List.of(), DEFAULT_TERMS_SIZE, false);
    }
}
