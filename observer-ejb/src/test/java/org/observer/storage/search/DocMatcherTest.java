package org.observer.storage.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Clauses of shapes and explicit lists, ANDed over an ordinal range, against a brute-force answer. */
class DocMatcherTest {

    /** Document d has shape d % count. */
    static final class ModuloShapes implements Shapes {
        private final int count;

        ModuloShapes(int count) {
            this.count = count;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public int shapeOf(int ordinal) {
            return ordinal % count;
        }

        @Override
        public int countIn(int shape, int lo, int hi) {
            int n = 0;
            for (int d = lo; d < hi; d++) {
                n += shapeOf(d) == shape ? 1 : 0;
            }
            return n;
        }

        @Override
        public void mark(int shape, long[] bits, int lo, int hi) {
            for (int d = lo; d < hi; d++) {
                if (shapeOf(d) == shape) {
                    bits[d >>> 6] |= 1L << d;
                }
            }
        }
    }

    private static List<Integer> ordinals(long[] bits) {
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < bits.length * 64; d++) {
            if ((bits[d >>> 6] & (1L << d)) != 0) {
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void aClauseMatchesItsShapesOrItsListAndClausesAreAnded() {
        ModuloShapes shapes = new ModuloShapes(3);
        DocMatcher.Clause shapeOneOrListed = new DocMatcher.Clause();
        shapeOneOrListed.addShape(1, 3, 33);
        shapeOneOrListed.addList(new int[] {0, 3, 50, 99}, 4);
        DocMatcher.Clause evenListed = new DocMatcher.Clause();
        int[] evens = new int[50];
        for (int i = 0; i < 50; i++) {
            evens[i] = 2 * i;
        }
        evenListed.addList(evens, 50);

        long[] bits = DocMatcher.match(new DocMatcher.Clause[] {shapeOneOrListed, evenListed}, shapes, 100, 10, 90);

        List<Integer> expected = new ArrayList<>();
        for (int d = 10; d < 90; d++) {
            boolean first = d % 3 == 1 || d == 0 || d == 3 || d == 50 || d == 99;
            if (first && d % 2 == 0) {
                expected.add(d);
            }
        }
        assertEquals(expected, ordinals(bits));
        assertEquals(expected.size(), DocMatcher.count(bits));
    }

    @Test
    void countsAndLowerBoundsAgreeWithTheBits() {
        long[] bits = new long[3];
        int[] set = {0, 5, 63, 64, 65, 127, 128, 150};
        DocMatcher.markSorted(set, 0, set.length, bits, 0, 192);
        assertEquals(set.length, DocMatcher.count(bits));
        assertEquals(4, DocMatcher.countRange(bits, 5, 66), "5, 63, 64, 65");
        assertEquals(0, DocMatcher.countRange(bits, 66, 127));
        assertEquals(2, DocMatcher.countSet(new int[] {1, 5, 64, 100}, 4, bits));
        assertEquals(3, DocMatcher.lowerBound(set, set.length, 64));
        assertEquals(set.length, DocMatcher.lowerBound(set, set.length, 151));
        assertEquals(0, DocMatcher.lowerBound(set, set.length, -1));
    }

    @Test
    void aTermCountsItsListedMatchesAndTheMatchesOfItsShapes() {
        ModuloShapes shapes = new ModuloShapes(3);
        long[] bits = new long[1];
        for (int d = 0; d < 30; d += 2) {
            bits[0] |= 1L << d; // the even documents match
        }
        int[] perShape = DocMatcher.matchesPerShape(bits, shapes);
        assertArrayEquals(new int[] {5, 5, 5}, perShape, "0, 6, 12, 18, 24 are shape 0 and even; and so on");
        // Listed 1, 2, 4 (two of them match) and in shape 2 (five matches).
        assertEquals(7, DocMatcher.termCount(new int[] {1, 2, 4}, 3, new int[] {2, 0}, 1, perShape, bits));
    }

    @Test
    void onlyShapeClausesAreDecidedByShapes() {
        DocMatcher.Clause a = new DocMatcher.Clause();
        a.addShape(0, 3, 10);
        a.addShape(2, 3, 10);
        DocMatcher.Clause b = new DocMatcher.Clause();
        b.addShape(2, 3, 10);
        assertArrayEquals(new boolean[] {false, false, true}, DocMatcher.shapesOnly(new DocMatcher.Clause[] {a, b}, 3));
        DocMatcher.Clause listed = new DocMatcher.Clause();
        listed.addList(new int[] {4}, 1);
        assertNull(DocMatcher.shapesOnly(new DocMatcher.Clause[] {a, listed}, 3), "a list needs the bitmap");
    }

    @Test
    void candidatesAreTheHighestSetBitsHighestFirst() {
        long[] bits = new long[2];
        for (int d : new int[] {1, 40, 64, 70, 127}) {
            bits[d >>> 6] |= 1L << d;
        }
        List<Candidate> out = new ArrayList<>();
        Candidate.addHighest(bits, 3, ordinal -> 1000L + ordinal, null, out);
        assertEquals(List.of(127, 70, 64), out.stream().map(c -> c.ordinal).toList());
        assertEquals(1127L, out.get(0).timestamp);
    }

    @Test
    void hitOrderIsNewestTimestampThenHighestOffsetThenPartition() {
        assertEquals(1, Integer.signum(HitOrder.compare(2, 0, 0, 1, 9, 9)));
        assertEquals(1, Integer.signum(HitOrder.compare(1, 5, 0, 1, 4, 9)));
        assertEquals(-1, Integer.signum(HitOrder.compare(1, 5, 0, 1, 5, 1)));
        Candidate older = new Candidate(1, null, 0);
        Candidate newer = new Candidate(2, null, 1);
        List<Candidate> hits = new ArrayList<>(List.of(older, newer));
        hits.sort(HitOrder.NEWEST_FIRST);
        assertEquals(List.of(newer, older), hits);
    }
}
