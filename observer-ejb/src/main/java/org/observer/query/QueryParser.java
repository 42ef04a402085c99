package org.observer.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

import org.observer.analysis.Analyzer;

/**
 * Parses the v1 search syntax: whitespace-separated clauses that must all match.
 * <ul>
 * <li>{@code word} – every token of the word, in any field;</li>
 * <li>{@code "several words"} – every token of the phrase, in any field (no adjacency check in v1);</li>
 * <li>{@code field:value} or {@code field:"several words"} – every token of the value, in that field.</li>
 * </ul>
 * A word followed by {@code ':'} is a field name, so a value containing {@code ':'} (a URL) must
 * be quoted. A clause whose text yields no tokens (only punctuation) is dropped. A blank query
 * matches everything.
 */
public final class QueryParser {

    private QueryParser() {
    }

    public static Query parse(String q) {
        if (q == null || q.isBlank()) {
            return new MatchAllQuery();
        }
        Set<Query> clauses = new LinkedHashSet<>();
        int length = q.length();
        int i = 0;
        while (i < length) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"') {
                int close = closingQuote(q, i);
                addTerms(clauses, null, q.substring(i + 1, close));
                i = close + 1;
                continue;
            }
            int start = i;
            while (i < length && !Character.isWhitespace(q.charAt(i)) && q.charAt(i) != ':' && q.charAt(i) != '"') {
                i++;
            }
            if (i < length && q.charAt(i) == ':') {
                String field = q.substring(start, i);
                if (field.isEmpty()) {
                    throw new QuerySyntaxException(i, "a field name before ':'");
                }
                i++;
                if (i >= length || Character.isWhitespace(q.charAt(i))) {
                    throw new QuerySyntaxException(i, "a value after '" + field + ":'");
                }
                if (q.charAt(i) == '"') {
                    int close = closingQuote(q, i);
                    addTerms(clauses, field, q.substring(i + 1, close));
                    i = close + 1;
                } else {
                    int valueStart = i;
                    while (i < length && !Character.isWhitespace(q.charAt(i))) {
                        i++;
                    }
                    addTerms(clauses, field, q.substring(valueStart, i));
                }
            } else {
                // A quote inside a bare word is just punctuation: read on to the next whitespace.
                while (i < length && !Character.isWhitespace(q.charAt(i))) {
                    i++;
                }
                addTerms(clauses, null, q.substring(start, i));
            }
        }
        if (clauses.isEmpty()) {
            return new MatchAllQuery();
        }
        if (clauses.size() == 1) {
            return clauses.iterator().next();
        }
        return new AndQuery(new ArrayList<>(clauses));
    }

    private static int closingQuote(String q, int open) {
        int close = q.indexOf('"', open + 1);
        if (close < 0) {
            throw new QuerySyntaxException(q.length(), "a closing '\"' for the quote opened at position " + open);
        }
        return close;
    }

    private static void addTerms(Set<Query> clauses, String field, String text) {
        Analyzer.STANDARD.forEachToken(text, token -> clauses.add(new TermQuery(field, token)));
    }
}
