package org.observer.query;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A query analyzed and ready to run: what {@link QueryPlanner} makes of a {@link Query}. Terms are
 * indexed terms (lowercased, stemmed); {@code field == null} means any field. The storage layer
 * evaluates a plan; the benchmark translates the same plan for Lucene, so both engines answer the
 * same question.
 */
public sealed interface Plan {

    /** Documents with {@code term} in {@code field}; the empty term means "the field exists". */
    record Term(String field, String term) implements Plan {
    }

    /** Documents with a term starting with {@code prefix} (lowercased, not stemmed). */
    record Prefix(String field, String prefix) implements Plan {
        public boolean accepts(String term) {
            return term.startsWith(prefix) && !term.isEmpty();
        }
    }

    /**
     * Documents with a term of {@code field} between the bounds (null: unbounded). When
     * {@code numeric}, terms that read as numbers are compared as numbers and other terms never
     * match; otherwise terms compare as strings (code point order, so ISO dates sort right).
     */
    record Range(String field, String lower, boolean includeLower, String upper, boolean includeUpper,
                 boolean numeric) implements Plan {

        public boolean accepts(String term) {
            if (term.isEmpty()) {
                return false; // the field's "exists" term
            }
            if (numeric) {
                double value = QueryPlanner.number(term);
                if (Double.isNaN(value)) {
                    return false;
                }
                return (lower == null || compare(value, QueryPlanner.number(lower), includeLower))
                        && (upper == null || compare(QueryPlanner.number(upper), value, includeUpper));
            }
            return (lower == null || (includeLower ? term.compareTo(lower) >= 0 : term.compareTo(lower) > 0))
                    && (upper == null || (includeUpper ? term.compareTo(upper) <= 0 : term.compareTo(upper) < 0));
        }

        private static boolean compare(double high, double low, boolean inclusive) {
            return inclusive ? high >= low : high > low;
        }
    }

    /**
     * Documents where {@code terms} occur in this order at consecutive positions of one value of
     * {@code field}; a null term is a position any term fills (a stop word of the query).
     */
    record Phrase(String field, List<String> terms) implements Plan {
        public Phrase {
            terms = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(terms));
        }

        /** True if every term of the phrase is free of digits (then one document of a shape speaks for all). */
        public boolean digitFree() {
            for (String term : terms) {
                if (term != null && hasDigit(term)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Documents with {@code from <= @timestamp < to} (epoch milliseconds). */
    record Time(long from, long to) implements Plan {
    }

    record And(List<Plan> clauses) implements Plan {
        public And {
            clauses = List.copyOf(clauses);
        }
    }

    record Or(List<Plan> clauses) implements Plan {
        public Or {
            clauses = List.copyOf(clauses);
        }
    }

    record Not(Plan clause) implements Plan {
    }

    record All() implements Plan {
    }

    record None() implements Plan {
    }

    static boolean hasDigit(String term) {
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c < 128 ? (c >= '0' && c <= '9') : Character.isDigit(c)) {
                return true;
            }
        }
        return false;
    }

    /** The smallest UTF-8 string above every string starting with {@code prefix}, or null if none. */
    static byte[] prefixEnd(String prefix) {
        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = bytes.length - 1; i >= 0; i--) {
            if ((bytes[i] & 0xFF) != 0xFF) {
                byte[] end = Arrays.copyOf(bytes, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }
}
