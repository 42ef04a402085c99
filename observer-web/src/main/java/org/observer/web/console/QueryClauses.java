package org.observer.web.console;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Edits and explains query text on the user's behalf: filters added from the fields sidebar, errors pointed at. */
final class QueryClauses {

    private static final Pattern OR = Pattern.compile("\\bOR\\b");
    private static final Pattern POSITION = Pattern.compile("at position (\\d+)");

    private QueryClauses() {
    }

    /**
     * {@code query} narrowed by {@code field:"value"} (or {@code -field:"value"}). A query with an
     * OR is put in parentheses first: AND binds tighter, so the filter would bind to its last branch only.
     */
    static String withFilter(String query, String field, String value, boolean exclude) {
        String clause = (exclude ? "-" : "") + field + ":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String current = query == null ? "" : query.strip();
        if (current.isEmpty()) {
            return clause;
        }
        if (current.contains(clause)) {
            return current; // a second click on the same value changes nothing
        }
        return (OR.matcher(current).find() ? "(" + current + ")" : current) + " " + clause;
    }

    /** The character position a query syntax error names ("... at position 7: ..."), or -1. */
    static int errorPosition(String message) {
        Matcher m = message == null ? null : POSITION.matcher(message);
        return m != null && m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The query with a marker at {@code position}, so the message under the box shows where it failed. */
    static String pointAt(String query, int position) {
        int at = Math.max(0, Math.min(position, query.length()));
        return query.substring(0, at) + "▮" + query.substring(at);
    }
}
