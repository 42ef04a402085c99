package org.observer.storage.search;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.observer.query.Plan;

import org.observer.storage.StorageFormat;

/**
 * Evaluates an AND of clauses over one chunk or segment into a bitmap of ordinals. A document
 * matches a clause if its shape is one of the clause's shapes or it is in one of the clause's
 * explicit lists (the two never overlap for one (term, field), but may across fields).
 */
public final class DocMatcher {

    private DocMatcher() {
    }

    /** One clause resolved against one chunk or segment. */
    public static final class Clause {
        /** Every document matches (a term in every document). */
        public boolean all;
        /** By shape id, or null when no shape holds the term. */
        public boolean[] shapes;
        /** Documents of {@link #shapes}: the cost of marking them. */
        long shapeDocs;
        public int[][] lists = new int[2][];
        public int[] sizes = new int[2];
        /** Per list: the term's position byte in each document ({@link StorageFormat}), or null. */
        byte[][] positions = new byte[2][];
        public int listCount;
        long listDocs;

        public void addShape(int shape, int shapeCount, int documents) {
            if (shapes == null) {
                shapes = new boolean[shapeCount];
            }
            if (!shapes[shape]) {
                shapes[shape] = true;
                shapeDocs += documents;
            }
        }

        public void addList(int[] list, int size) {
            addList(list, size, null);
        }

        public void addList(int[] list, int size, byte[] listPositions) {
            if (size == 0) {
                return;
            }
            if (listCount == lists.length) {
                lists = Arrays.copyOf(lists, listCount * 2);
                sizes = Arrays.copyOf(sizes, listCount * 2);
                positions = Arrays.copyOf(positions, listCount * 2);
            }
            lists[listCount] = list;
            sizes[listCount] = size;
            positions[listCount] = listPositions;
            listCount++;
            listDocs += size;
        }

        /**
         * The position bytes of the clause's documents when it is one explicit list that has
         * them (then a document's position is the only place the term is in it), else null.
         */
        byte[] onlyListPositions() {
            return !all && shapes == null && listCount == 1 ? positions[0] : null;
        }

        public boolean empty() {
            return !all && shapes == null && listCount == 0;
        }

        long cost() {
            return shapeDocs + listDocs;
        }
    }

    /**
     * When every clause is matched by shapes alone (no explicit lists; "every document" clauses
     * aside), the shapes matching them all (possibly none); otherwise null.
     */
    public static boolean[] shapesOnly(Clause[] clauses, int shapeCount) {
        boolean[] common = null;
        for (Clause clause : clauses) {
            if (clause.all) {
                continue;
            }
            if (clause.listCount > 0) {
                return null;
            }
            if (clause.shapes == null) {
                return new boolean[shapeCount];
            }
            common = intersect(common, clause.shapes);
        }
        if (common == null) {
            return null; // only "every document" clauses: the range is the answer
        }
        return common;
    }

    /**
     * The ordinals in [lo, hi) matching every clause (none = all), as a bitmap of
     * {@code (documents + 63) / 64} words.
     */
    public static long[] match(Clause[] clauses, Shapes shapes, int documents, int lo, int hi) {
        long[] bits = new long[(documents + 63) >>> 6];
        if (lo >= hi) {
            return bits;
        }
        // Shape-only clauses combine into one shape set, checked per document at the end.
        boolean[] common = null;
        Clause driver = null;
        int withLists = 0;
        for (Clause clause : clauses) {
            if (clause.all) {
                continue;
            }
            if (clause.empty()) {
                return bits;
            }
            if (clause.listCount == 0) {
                common = intersect(common, clause.shapes);
            } else {
                withLists++;
                if (driver == null || clause.cost() < driver.cost()) {
                    driver = clause;
                }
            }
        }
        if (driver == null) {
            if (common == null) {
                setRange(bits, lo, hi);
            } else {
                for (int s = 0; s < common.length; s++) {
                    if (common[s]) {
                        shapes.mark(s, bits, lo, hi);
                    }
                }
            }
            return bits;
        }
        mark(driver, shapes, bits, lo, hi);
        if (withLists > 1) {
            long[] other = new long[bits.length];
            for (Clause clause : clauses) {
                if (clause == driver || clause.all || clause.listCount == 0) {
                    continue;
                }
                Arrays.fill(other, 0);
                mark(clause, shapes, other, lo, hi);
                for (int w = 0; w < bits.length; w++) {
                    bits[w] &= other[w];
                }
            }
        }
        if (common != null) {
            for (int w = 0; w < bits.length; w++) {
                long word = bits[w];
                while (word != 0) {
                    int bit = Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                    if (!common[shapes.shapeOf((w << 6) + bit)]) {
                        bits[w] &= ~(1L << bit);
                    }
                }
            }
        }
        return bits;
    }

    private static void mark(Clause clause, Shapes shapes, long[] bits, int lo, int hi) {
        if (clause.shapes != null) {
            for (int s = 0; s < clause.shapes.length; s++) {
                if (clause.shapes[s]) {
                    shapes.mark(s, bits, lo, hi);
                }
            }
        }
        for (int l = 0; l < clause.listCount; l++) {
            int[] list = clause.lists[l];
            int size = clause.sizes[l];
            int from = lo == 0 ? 0 : lowerBound(list, size, lo);
            for (int i = from; i < size; i++) {
                int ordinal = list[i];
                if (ordinal >= hi) {
                    break;
                }
                bits[ordinal >>> 6] |= 1L << ordinal;
            }
        }
    }

    private static boolean[] intersect(boolean[] acc, boolean[] shapes) {
        if (acc == null) {
            return shapes.clone();
        }
        for (int s = 0; s < acc.length; s++) {
            acc[s] &= shapes[s];
        }
        return acc;
    }

    static void setRange(long[] bits, int lo, int hi) {
        for (int i = lo; i < hi; ) {
            if ((i & 63) == 0 && i + 64 <= hi) {
                bits[i >>> 6] = -1L;
                i += 64;
            } else {
                bits[i >>> 6] |= 1L << i;
                i++;
            }
        }
    }

    /** Marks the ascending {@code ordinals[from..to)} that lie in [lo, hi). */
    public static void markSorted(int[] ordinals, int from, int to, long[] bits, int lo, int hi) {
        int start = lo == 0 ? from : lowerBound(ordinals, from, to, lo);
        for (int i = start; i < to; i++) {
            int ordinal = ordinals[i];
            if (ordinal >= hi) {
                return;
            }
            bits[ordinal >>> 6] |= 1L << ordinal;
        }
    }

    public static int count(long[] bits) {
        int count = 0;
        for (long word : bits) {
            count += Long.bitCount(word);
        }
        return count;
    }

    /** Set bits with an index in [lo, hi). */
    public static long countRange(long[] bits, int lo, int hi) {
        if (lo >= hi) {
            return 0;
        }
        int first = lo >>> 6;
        int last = (hi - 1) >>> 6;
        long lowMask = -1L << lo;
        long highMask = -1L >>> (63 - ((hi - 1) & 63));
        if (first == last) {
            return Long.bitCount(bits[first] & lowMask & highMask);
        }
        long count = Long.bitCount(bits[first] & lowMask) + Long.bitCount(bits[last] & highMask);
        for (int w = first + 1; w < last; w++) {
            count += Long.bitCount(bits[w]);
        }
        return count;
    }

    /** First index in {@code list[0..size)} whose value is {@code >= value}. */
    public static int lowerBound(int[] list, int size, int value) {
        return lowerBound(list, 0, size, value);
    }

    /** Index of the first value {@code >= value} in the ascending {@code list[from..to)}, or {@code to}. */
    public static int lowerBound(int[] list, int from, int to, int value) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Matching documents per shape: a term held by shapes counts the matches of those shapes. */
    public static int[] matchesPerShape(long[] bits, Shapes shapes) {
        int[] perShape = new int[shapes.count()];
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                perShape[shapes.shapeOf((w << 6) + Long.numberOfTrailingZeros(word))]++;
                word &= word - 1;
            }
        }
        return perShape;
    }

    /** How many of the ascending {@code ordinals[0..size)} are set in {@code bits}. */
    public static long countSet(int[] ordinals, int size, long[] bits) {
        long count = 0;
        for (int i = 0; i < size; i++) {
            int ordinal = ordinals[i];
            if ((bits[ordinal >>> 6] & (1L << ordinal)) != 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * Each AND clause's postings as {@code source} holds them (a clause is the OR of its terms);
     * null when a clause matches nothing there, so neither does the query.
     */
    public static Clause[] resolve(List<TermKeys.Clause> clauses, PlanMatcher.Source source) throws IOException {
        Clause[] resolved = new Clause[clauses.size()];
        for (int c = 0; c < resolved.length; c++) {
            Clause r = new Clause();
            for (Plan.Term term : clauses.get(c).alternatives()) {
                source.addTerm(term.field(), term.term(), r);
            }
            if (r.empty()) {
                return null;
            }
            resolved[c] = r;
        }
        return resolved;
    }

    /**
     * How many set bits one term's postings hold: those of its explicit list, plus the matches of
     * each of its shapes ({@code perShape}, see {@link #matchesPerShape}).
     */
    public static long termCount(int[] ordinals, int size, int[] termShapes, int shapeCount, int[] perShape, long[] bits) {
        long count = countSet(ordinals, size, bits);
        for (int i = 0; i < shapeCount; i++) {
            count += perShape[termShapes[i]];
        }
        return count;
    }
}
