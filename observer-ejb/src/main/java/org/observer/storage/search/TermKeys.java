package org.observer.storage.search;

import java.util.ArrayList;
import java.util.List;

import org.observer.query.Plan;
import org.observer.storage.StorageFormat;

/**
 * Keyword keys: a document is indexed once per distinct (term, field). The
 * keyword map and the chunk dictionary are keyed by term first, so "term t in any field" is the
 * union of the postings of every field under t (see {@link StorageFormat}).
 */
public final class TermKeys {

    private TermKeys() {
    }

    /**
     * One required clause of a query: a document matches if it holds any of the (field, term)
     * alternatives (a bare word and its stem, or words ORed together). That is one
     * {@link DocMatcher.Clause}: a union of shapes and lists.
     */
    public record Clause(List<Plan.Term> alternatives) {
    }

    /**
     * The clauses a plan requires when it is nothing but terms, or ORs of terms, ANDed together
     * (the fast path: no bitmap per clause, and totals straight from shape counts when no term
     * has a digit); empty means match all; null when the plan needs the general evaluation
     * ({@link PlanMatcher}).
     */
    public static List<Clause> clausesOf(Plan plan) {
        List<Clause> clauses = new ArrayList<>();
        if (plan instanceof Plan.All) {
            return clauses;
        }
        List<Plan> required = plan instanceof Plan.And and ? and.clauses() : List.of(plan);
        for (Plan clause : required) {
            List<Plan.Term> alternatives = alternatives(clause);
            if (alternatives == null) {
                return null;
            }
            clauses.add(new Clause(alternatives));
        }
        return clauses;
    }

    private static List<Plan.Term> alternatives(Plan plan) {
        if (plan instanceof Plan.Term term) {
            return List.of(term);
        }
        if (plan instanceof Plan.Or or) {
            List<Plan.Term> terms = new ArrayList<>();
            for (Plan clause : or.clauses()) {
                List<Plan.Term> inner = alternatives(clause);
                if (inner == null) {
                    return null;
                }
                terms.addAll(inner);
            }
            return terms;
        }
        return null;
    }

    /**
     * Compares strings in the order of their UTF-8 bytes (= code point order), which is
     * {@link String#compareTo} except for surrogates against U+E000..U+FFFF.
     */
    public static int compareUtf8(String a, String b) {
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
