package org.observer.web.console;

import com.vaadin.flow.router.QueryParameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a live tail follows, as kept in its URL ({@code /tail?index=app-*&q=error&max=1000}): an
 * index pattern, a query, and how many rows to keep.
 */
record TailQuery(String index, String query, int max) {

    static final String DEFAULT_INDEX = "*";
    static final int DEFAULT_MAX = 1_000;
    /** The most rows kept: beyond a few thousand a browser grid gains nothing and the server holds more. */
    static final int MOST_ROWS = 10_000;

    TailQuery {
        index = index == null || index.isBlank() ? DEFAULT_INDEX : index.trim();
        query = query == null ? "" : query.strip();
        max = Math.max(1, Math.min(max, MOST_ROWS));
    }

    /** From the URL; missing or unreadable parameters take their defaults. */
    static TailQuery from(QueryParameters parameters) {
        Map<String, List<String>> params = parameters.getParameters();
        return new TailQuery(first(params, "index"), first(params, "q"), parseMax(first(params, "max")));
    }

    QueryParameters toParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("index", index);
        if (!query.isEmpty()) {
            params.put("q", query);
        }
        if (max != DEFAULT_MAX) {
            params.put("max", Integer.toString(max));
        }
        return QueryParameters.simple(params);
    }

    private static int parseMax(String text) {
        if (text == null) {
            return DEFAULT_MAX;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_MAX;
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
