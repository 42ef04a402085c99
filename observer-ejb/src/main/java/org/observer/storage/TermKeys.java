package org.observer.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.observer.query.Plan;

/**
 * Keyword keys: a document is indexed once per distinct (term, field). The
 * keyword map and the chunk dictionary are keyed by term first, so "term t in any field" is the
 * union of the postings of every field under t (see {@link StorageFormat}).
 */
final class TermKeys {

    private TermKeys() {
    }

    /** One required (field, term) of a query. {@code field == null} means any field. */
    record Clause(String field, String term, byte[] termUtf8) {
        boolean anyField() {
            return field == null;
        }
    }

    /**
     * The terms a plan requires when it is nothing but terms ANDed together (the fast path: no
     * bitmap per clause), without repeats; empty means match all; null when the plan needs the
     * general evaluation ({@link PlanMatcher}).
     */
    static List<Clause> clausesOf(Plan plan) {
        List<Clause> clauses = new ArrayList<>();
        if (plan instanceof Plan.All) {
            return clauses;
        }
        if (plan instanceof Plan.Term term) {
            add(term, clauses);
            return clauses;
        }
        if (plan instanceof Plan.And and) {
            for (Plan clause : and.clauses()) {
                if (!(clause instanceof Plan.Term term)) {
                    return null;
                }
                add(term, clauses);
            }
            return clauses;
        }
        return null;
    }

    private static void add(Plan.Term term, List<Clause> clauses) {
        for (Clause clause : clauses) {
            if (clause.term().equals(term.term()) && java.util.Objects.equals(clause.field(), term.field())) {
                return;
            }
        }
        clauses.add(new Clause(term.field(), term.term(), term.term().getBytes(StandardCharsets.UTF_8)));
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
