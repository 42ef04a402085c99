package org.observer.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.observer.query.AndQuery;
import org.observer.query.MatchAllQuery;
import org.observer.query.Query;
import org.observer.query.TermQuery;

/**
 * Keyword keys: a document is indexed once per distinct (term, field). The
 * keyword map and the chunk dictionary are keyed by term first, so "term t in any field" is the
 * union of the postings of every field under t (see {@link StorageFormat}).
 */
final class TermKeys {

    private TermKeys() {
    }

    /**
     * One required (field, term) of a query. {@code field == null} means any field (an empty field
     * name in a query also means any field, as in format version 1).
     */
    record Clause(String field, String term, byte[] termUtf8) {
        boolean anyField() {
            return field == null;
        }
    }

    /** The clauses a query requires, without repeats; empty means match all. */
    static List<Clause> clausesOf(Query query) {
        List<Clause> clauses = new ArrayList<>();
        collect(query, clauses);
        return clauses;
    }

    private static void collect(Query query, List<Clause> clauses) {
        if (query instanceof TermQuery term) {
            String field = term.field() == null || term.field().isEmpty() ? null : term.field();
            for (Clause clause : clauses) {
                if (clause.term().equals(term.term()) && java.util.Objects.equals(clause.field(), field)) {
                    return;
                }
            }
            clauses.add(new Clause(field, term.term(), term.term().getBytes(StandardCharsets.UTF_8)));
        } else if (query instanceof AndQuery and) {
            and.clauses().forEach(clause -> collect(clause, clauses));
        } else if (!(query instanceof MatchAllQuery)) {
            throw new IllegalArgumentException("unsupported query " + query);
        }
    }

    /**
     * Compares strings in the order of their UTF-8 bytes (= code point order), which is
     * {@link String#compareTo} except for surrogates against U+E000..U+FFFF.
     */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    return Integer.compare(fixup(x), fixup(y));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static int fixup(char c) {
        // Surrogates (supplementary code points) sort after U+E000..U+FFFF in code point order.
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
