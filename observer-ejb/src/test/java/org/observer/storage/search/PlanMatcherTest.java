package org.observer.storage.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.observer.analysis.FieldTypes;
import org.observer.query.Plan;

/**
 * Plans (terms, prefixes, ranges, time, AND / OR / NOT) evaluated over a small in-memory source
 * whose terms are listed per document, against the documents' own words.
 */
class PlanMatcherTest {

    /** Document d: "msg" holds words[d], timestamp 100 + d; one shape holding nothing. */
    private static final String[][] WORDS = {
            {"disk", "full", "42"},
            {"disk", "ok"},
            {"network", "down", "7"},
            {"disk", "down", "42"},
            {"network", "ok"},
    };

    private static final class WordSource implements PlanMatcher.Source {
        /** term -> ordinals, for field "msg". */
        final TreeMap<String, List<Integer>> postings = new TreeMap<>();

        WordSource() {
            for (int d = 0; d < WORDS.length; d++) {
                for (String word : WORDS[d]) {
                    postings.computeIfAbsent(word, w -> new ArrayList<>()).add(d);
                }
            }
        }

        @Override
        public int documents() {
            return WORDS.length;
        }

        @Override
        public Shapes shapes() {
            return new DocMatcherTest.ModuloShapes(1);
        }

        private void add(String field, String term, DocMatcher.Clause into) {
            List<Integer> list = field == null || field.equals("msg") ? postings.get(term) : null;
            if (list != null) {
                into.addList(list.stream().mapToInt(Integer::intValue).toArray(), list.size());
            }
        }

        @Override
        public void addTerm(String field, String term, DocMatcher.Clause into) {
            add(field, term, into);
        }

        @Override
        public void addScan(String field, byte[] from, byte[] to, boolean toInclusive, Predicate<String> accepts,
                            DocMatcher.Clause into) {
            for (Map.Entry<String, List<Integer>> entry : postings.entrySet()) {
                byte[] term = entry.getKey().getBytes(StandardCharsets.UTF_8);
                int c = to == null ? -1 : Arrays.compareUnsigned(term, to);
                if (Arrays.compareUnsigned(term, from) >= 0 && (c < 0 || (c == 0 && toInclusive))
                        && accepts.test(entry.getKey())) {
                    add(field, entry.getKey(), into);
                }
            }
        }

        @Override
        public long timestamp(int ordinal) {
            return 100 + ordinal;
        }

        @Override
        public byte[] source(int ordinal) {
            throw new AssertionError("no plan here reads records back");
        }
    }

    private static List<Integer> match(Plan plan) throws Exception {
        long[] bits = new PlanMatcher(new WordSource(), new PlanMatcher.Analysis(FieldTypes.DEFAULT, null), 0, WORDS.length)
                .match(plan);
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < WORDS.length; d++) {
            if ((bits[d >>> 6] & (1L << d)) != 0) {
                out.add(d);
            }
        }
        return out;
    }

    private static Plan term(String word) {
        return new Plan.Term("msg", word);
    }

    @Test
    void termsCombineWithAndOrNot() throws Exception {
        assertEquals(List.of(0, 1, 3), match(term("disk")));
        assertEquals(List.of(3), match(new Plan.And(List.of(term("disk"), term("down")))));
        assertEquals(List.of(0, 1, 2, 3), match(new Plan.Or(List.of(term("disk"), term("down")))));
        assertEquals(List.of(0, 1), match(new Plan.And(List.of(term("disk"), new Plan.Not(term("down"))))));
        assertEquals(List.of(2, 4), match(new Plan.Not(term("disk"))));
        assertEquals(List.of(), match(term("absent")));
        assertEquals(List.of(), match(new Plan.Term("other", "disk")), "a field no document has");
        assertEquals(List.of(0, 1, 3), match(new Plan.Term(null, "disk")), "any field");
        assertEquals(List.of(0, 1, 2, 3, 4), match(new Plan.All()));
    }

    @Test
    void prefixesScanTheTermsThatStartWithThem() throws Exception {
        assertEquals(List.of(2, 4), match(new Plan.Prefix("msg", "net")));
        assertEquals(List.of(0, 1, 2, 3), match(new Plan.Prefix("msg", "d")));
    }

    @Test
    void aNumericRangeComparesNumbersAndAStringRangeComparesText() throws Exception {
        assertEquals(List.of(0, 3), match(new Plan.Range("msg", "10", true, "50", true, true)), "42, not 7");
        assertEquals(List.of(0, 2, 3), match(new Plan.Range("msg", "5", false, "42", true, true)));
        assertEquals(List.of(0), match(new Plan.Range("msg", "e", true, "m", true, false)), "full");
    }

    @Test
    void aTimeConditionKeepsTheDocumentsInItsRange() throws Exception {
        assertEquals(List.of(1, 2), match(new Plan.Time(101, 103)));
        assertEquals(List.of(3), match(new Plan.And(List.of(term("disk"), new Plan.Time(102, 200)))));
    }
}
