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
 * @param readable          null, or the only indexes the caller may read (names and prefixes ending in
 *                          {@code *}): the others {@code index} names are left out, as if they did not exist
 */
public record SearchRequest(String index, String query, Long from, Long to, int size, String searchAfter,
                            String histogram, List<String> termsFields, int termsSize, boolean highlight,
                            List<String> readable) {

    public static final int DEFAULT_SIZE = 100;
    public static final int MAX_SIZE = 10_000;
    public static final int DEFAULT_TERMS_SIZE = 10;
    public static final int MAX_TERMS_SIZE = 1_000;
    /** Most fields whose top terms one search counts: each is a pass over every matching log. */
    public static final int MAX_TERMS_FIELDS = 100;
    /** Most names and prefixes in one index list. */
    public static final int MAX_INDEXES = 1_000;

    public SearchRequest {
        termsFields = termsFields == null ? List.of() : List.copyOf(termsFields);
        readable = readable == null ? null : List.copyOf(readable);
    }

    public SearchRequest(String index, String query, Long from, Long to, int size, String searchAfter,
                         String histogram, List<String> termsFields, int termsSize, boolean highlight) {
        this(index, query, from, to, size, searchAfter, histogram, termsFields, termsSize, highlight, null);
    }

    /** This search over only the indexes {@code readable} names (null: all it names). */
    public SearchRequest readableOnly(List<String> readable) {
        return new SearchRequest(index, query, from, to, size, searchAfter, histogram, termsFields, termsSize, highlight, readable);
    }

    /** True if {@code index} is among those the caller may read. */
    public boolean mayRead(String index) {
        if (readable == null) {
            return true;
        }
        for (String pattern : readable) {
            if (IndexPattern.covers(pattern, index)) {
                return true;
            }
        }
        return false;
    }

    public SearchRequest(String index, String query, Long from, Long to, int size) {
        this(index, query, from, to, size, null, null, List.of(), DEFAULT_TERMS_SIZE, false);
    }
}
