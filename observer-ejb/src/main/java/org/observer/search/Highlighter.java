package org.observer.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.FieldValue;
import org.observer.query.Plan;

/**
 * Says where a hit matched its query: the char spans, in its field values, of the terms the
 * plan's positive leaves found, analyzed as the document was indexed.
 * <ul>
 * <li>Text values are tokenized with offsets; a token's term ({@link Analyzer#term}: stemmed, null
 * for a stop word) matches a {@link Plan.Term} with that term, a {@link Plan.Prefix} or
 * {@link Plan.Range} that accepts it; an occurrence of a {@link Plan.Phrase} (consecutive
 * positions, stop words holding theirs, null phrase terms matching anything) is highlighted as
 * one span from its first token to its last.</li>
 * <li>Keyword values ({@link FieldTypes#isKeyword}) are one term, {@link Analyzer#keyword}, over
 * the whole value.</li>
 * <li>Leaves under a {@link Plan.Not}, {@link Plan.Time}, {@link Plan.All}, {@link Plan.None} and
 * the "field exists" term highlight nothing. A leaf's field restricts it to values of that field;
 * a null field means any.</li>
 * </ul>
 * The highlight is per leaf: it does not re-check that the whole plan holds for the hit (a term of
 * an OR branch that did not decide the match is highlighted too). Stateless and thread-safe.
 */
public final class Highlighter {

    /**
     * A match in value number {@code value} (0-based, among the values with that field name, in
     * order) at chars {@code [start, end)} of that value.
     */
    public record Span(int value, int start, int end) {
    }

    private final FieldTypes types;

    public Highlighter(FieldTypes types) {
        this.types = types;
    }

    /**
     * Per field name, in the order fields first appear, the sorted spans of the matches in that
     * field's values (ordered by value, then start), overlapping or touching spans of one value
     * merged; fields without matches are absent.
     */
    public Map<String, List<Span>> highlight(Plan plan, List<FieldValue> fields) {
        List<Plan> leaves = new ArrayList<>();
        collect(plan, leaves);
        Map<String, List<Span>> result = new LinkedHashMap<>();
        if (leaves.isEmpty()) {
            return result;
        }
        Map<String, int[]> counts = new HashMap<>();
        List<Plan> applicable = new ArrayList<>();
        Stream stream = new Stream();
        for (FieldValue field : fields) {
            String name = field.name();
            String value = field.value();
            int index = counts.computeIfAbsent(name, n -> new int[1])[0]++;
            List<Span> spans = result.get(name);
            if (spans == null) {
                spans = new ArrayList<>();
                result.put(name, spans); // keeps the order of first appearance; empty ones go at the end
            }
            applicable.clear();
            for (Plan leaf : leaves) {
                String leafField = field(leaf);
                if (leafField == null || leafField.equals(name)) {
                    applicable.add(leaf);
                }
            }
            if (applicable.isEmpty()) {
                continue;
            }
            stream.clear();
            if (types.isKeyword(name, value)) {
                stream.add(Analyzer.keyword(value), 0, value.length());
            } else {
                Analyzer.STANDARD.forEachToken(value, (token, start, end) -> stream.add(Analyzer.term(token), start, end));
            }
            match(applicable, stream, index, spans);
        }
        result.values().removeIf(List::isEmpty);
        result.replaceAll((name, spans) -> Collections.unmodifiableList(spans));
        return result;
    }

    /** The positive leaves that can highlight something. */
    private static void collect(Plan plan, List<Plan> leaves) {
        if (plan instanceof Plan.Term term) {
            if (!term.term().isEmpty()) {
                leaves.add(term);
            }
        } else if (plan instanceof Plan.Prefix || plan instanceof Plan.Range || plan instanceof Plan.Phrase) {
            leaves.add(plan);
        } else if (plan instanceof Plan.And and) {
            for (Plan clause : and.clauses()) {
                collect(clause, leaves);
            }
        } else if (plan instanceof Plan.Or or) {
            for (Plan clause : or.clauses()) {
                collect(clause, leaves);
            }
        }
        // Not, Time, All, None: nothing to highlight.
    }

    private static String field(Plan leaf) {
        if (leaf instanceof Plan.Term term) {
            return term.field();
        } else if (leaf instanceof Plan.Prefix prefix) {
            return prefix.field();
        } else if (leaf instanceof Plan.Range range) {
            return range.field();
        }
        return ((Plan.Phrase) leaf).field();
    }

    /** Adds the merged spans of {@code leaves} in the value {@code stream} came from. */
    private static void match(List<Plan> leaves, Stream stream, int value, List<Span> into) {
        int n = stream.size;
        if (n == 0) {
            return;
        }
        List<int[]> found = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            String term = stream.terms[p];
            if (term == null) {
                continue; // a stop word is not indexed: only a phrase covers it
            }
            for (Plan leaf : leaves) {
                if ((leaf instanceof Plan.Term t && t.term().equals(term))
                        || (leaf instanceof Plan.Prefix prefix && prefix.accepts(term))
                        || (leaf instanceof Plan.Range range && range.accepts(term))) {
                    found.add(new int[] {stream.starts[p], stream.ends[p]});
                    break;
                }
            }
        }
        for (Plan leaf : leaves) {
            if (leaf instanceof Plan.Phrase phrase) {
                List<String> terms = phrase.terms();
                int m = terms.size();
                for (int start = 0; start + m <= n; start++) {
                    int i = 0;
                    while (i < m && (terms.get(i) == null || terms.get(i).equals(stream.terms[start + i]))) {
                        i++;
                    }
                    if (m > 0 && i == m) {
                        found.add(new int[] {stream.starts[start], stream.ends[start + m - 1]});
                    }
                }
            }
        }
        if (found.isEmpty()) {
            return;
        }
        found.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        int start = found.get(0)[0];
        int end = found.get(0)[1];
        for (int k = 1; k < found.size(); k++) {
            int[] span = found.get(k);
            if (span[0] <= end) {
                end = Math.max(end, span[1]);
            } else {
                into.add(new Span(value, start, end));
                start = span[0];
                end = span[1];
            }
        }
        into.add(new Span(value, start, end));
    }

    /** The terms of one value with their char spans; reused across values. */
    private static final class Stream {
        String[] terms = new String[16];
        int[] starts = new int[16];
        int[] ends = new int[16];
        int size;

        void clear() {
            Arrays.fill(terms, 0, size, null);
            size = 0;
        }

        void add(String term, int start, int end) {
            if (size == terms.length) {
                terms = Arrays.copyOf(terms, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            terms[size] = term;
            starts[size] = start;
            ends[size] = end;
            size++;
        }
    }
}
