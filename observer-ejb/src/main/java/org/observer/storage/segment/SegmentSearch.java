package org.observer.storage.segment;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.observer.storage.Aggregation;
import org.observer.storage.search.Candidate;
import org.observer.storage.search.DocMatcher;
import org.observer.storage.search.HitOrder;
import org.observer.storage.search.PlanMatcher;
import org.observer.storage.search.PreparedQuery;
import org.observer.storage.search.Shapes;
import org.observer.storage.search.TermKeys;

/**
 * The search of an {@link ActiveSegment}: its keyword map as a {@link PlanMatcher.Source}, the
 * matches in a time range, and the newest of them in hit order. Reads the segment; callers hold
 * the store's read lock, so nothing is appended meanwhile.
 */
final class SegmentSearch {

    private final ActiveSegment segment;
    private final SegmentKeys keys;
    private final SegmentShapes shapes;

    SegmentSearch(ActiveSegment segment) {
        this.segment = segment;
        this.keys = segment.keys();
        this.shapes = segment.shapes();
    }

    /**
     * Counts the documents matching the query with a timestamp in [from, to), adds the newest
     * {@code size} of them to {@code out} and all of them to the query's aggregation.
     */
    long collect(PreparedQuery query, long from, long to, int size, List<Candidate> out) throws IOException {
        int documents = segment.documents();
        if (documents == 0 || segment.maxTimestamp() < from || segment.minTimestamp() >= to) {
            return 0;
        }
        List<TermKeys.Clause> clauses = query.clauses();
        if (clauses == null) {
            long[] bits = new PlanMatcher(source, query.analysis(), 0, documents).match(query.plan());
            return newest(bits, from, to, size, out, query.aggregation());
        }
        DocMatcher.Clause[] resolved = DocMatcher.resolve(clauses, source);
        if (resolved == null) {
            return 0;
        }
        long[] bits = DocMatcher.match(resolved, shapes, documents, 0, documents);
        return newest(bits, from, to, size, out, query.aggregation());
    }

    /** The segment as a {@link PlanMatcher.Source}. */
    private final PlanMatcher.Source source = new PlanMatcher.Source() {
        @Override
        public int documents() {
            return segment.documents();
        }

        @Override
        public Shapes shapes() {
            return shapes;
        }

        @Override
        public void addTerm(String field, String term, DocMatcher.Clause into) {
            int wanted = wantedField(field);
            if (wanted != NO_FIELD) {
                for (int key = keys.head(term); key != SegmentKeys.NONE; key = keys.next(key)) {
                    if (wanted < 0 || keys.field(key) == wanted) {
                        add(key, into);
                    }
                }
            }
        }

        @Override
        public void addScan(String field, byte[] from, byte[] to, boolean toInclusive,
                            java.util.function.Predicate<String> accepts, DocMatcher.Clause into) {
            int wanted = wantedField(field);
            if (wanted == NO_FIELD) {
                return;
            }
            ActiveSegment.SortedTerms sorted = segment.sortedTerms();
            int[] heads = sorted.heads();
            // Terms sorted as of `covered` keys: each one's chain holds its keys from before then.
            for (int i = sorted.firstAtOrAfter(keys, from); i < heads.length; i++) {
                if (!belowEnd(heads[i], to, toInclusive)) {
                    break;
                }
                if (accepts.test(keys.term(heads[i]))) {
                    for (int key = heads[i]; key != SegmentKeys.NONE; key = keys.next(key)) {
                        if (wanted < 0 || keys.field(key) == wanted) {
                            add(key, into);
                        }
                    }
                }
            }
            // Keys added since, one by one (a new field of an old term is a key of its own too).
            byte[] arena = keys.arena();
            for (int key = sorted.covered(), count = keys.keyCount(); key < count; key++) {
                int at = keys.termAt(key);
                if ((wanted < 0 || keys.field(key) == wanted)
                        && Arrays.compareUnsigned(arena, at, at + keys.termLength(key), from, 0, from.length) >= 0
                        && belowEnd(key, to, toInclusive) && accepts.test(keys.term(key))) {
                    add(key, into);
                }
            }
        }

        /** True if the term of {@code key} is below {@code to} (at most, when inclusive; null: no end). */
        private boolean belowEnd(int key, byte[] to, boolean toInclusive) {
            if (to == null) {
                return true;
            }
            int at = keys.termAt(key);
            int c = Arrays.compareUnsigned(keys.arena(), at, at + keys.termLength(key), to, 0, to.length);
            return c < 0 || (c == 0 && toInclusive);
        }

        private void add(int key, DocMatcher.Clause into) {
            int[] keyShapes = keys.shapes(key);
            for (int i = 0; i < keys.shapeCount(key); i++) {
                into.addShape(keyShapes[i], shapes.count(), shapes.size(keyShapes[i]));
            }
            into.addList(keys.docs(key), keys.size(key), keys.explicit(key) ? keys.positions(key) : null);
        }

        @Override
        public long timestamp(int ordinal) {
            return segment.timestamp(ordinal);
        }

        @Override
        public byte[] source(int ordinal) {
            return segment.source(ordinal);
        }
    };

    private static final int NO_FIELD = -2;

    /** The segment's id of {@code field}; -1 for any field (null); NO_FIELD if no document has it. */
    private int wantedField(String field) {
        if (field == null) {
            return -1;
        }
        Integer id = segment.knownFieldId(field);
        return id == null ? NO_FIELD : id;
    }

    /**
     * Counts the set bits whose timestamp is in [from, to), adds the newest {@code size} to
     * {@code out} and those matches to the aggregation.
     */
    private long newest(long[] bits, long from, long to, int size, List<Candidate> out, Aggregation aggregation) {
        long total = segment.inOrder()
                ? newestInOrder(bits, from, to, size, out, aggregation)
                : newestAnyOrder(bits, from, to, size, out, aggregation);
        if (aggregation != null && aggregation.hasTerms()) {
            addTerms(bits, aggregation);
        }
        return total;
    }

    /**
     * Ordinal order is hit order: the range is an ordinal range, found by binary search, and the
     * newest hits are its last set bits. Clears the bits outside the range.
     */
    private long newestInOrder(long[] bits, long from, long to, int size, List<Candidate> out,
                               Aggregation aggregation) {
        int lo = firstAtOrAfter(from);
        int hi = firstAtOrAfter(to);
        clearOutside(bits, lo, hi);
        Candidate.addHighest(bits, size, segment::timestamp, null, out);
        if (aggregation != null && aggregation.hasHistogram()) {
            for (int w = lo >>> 6; w < bits.length; w++) {
                for (long word = bits[w]; word != 0; word &= word - 1) {
                    aggregation.addTimestamp(segment.timestamp((w << 6) + Long.numberOfTrailingZeros(word)));
                }
            }
        }
        return DocMatcher.count(bits);
    }

    /** The first ordinal whose timestamp is at or after {@code time} (documents() if none); needs {@link #inOrder}. */
    private int firstAtOrAfter(long time) {
        int lo = 0;
        int hi = segment.documents();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (segment.timestamp(mid) < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Clears every bit below {@code lo} and at or above {@code hi}. */
    static void clearOutside(long[] bits, int lo, int hi) {
        int loWord = lo >>> 6;
        Arrays.fill(bits, 0, Math.min(loWord, bits.length), 0L);
        if (loWord < bits.length) {
            bits[loWord] &= -1L << lo; // shifts count mod 64: keeps bit (lo % 64) and above
        }
        int hiWord = hi >>> 6;
        if (hiWord < bits.length) {
            bits[hiWord] &= (1L << hi) - 1; // keeps the bits below (hi % 64); none when hi % 64 is 0
            Arrays.fill(bits, hiWord + 1, bits.length, 0L);
        }
    }

    /**
     * Documents appended out of order: every match in range goes through a top-{@code size} heap,
     * newest ordinals first, so that once the heap is full most older matches fail one comparison.
     */
    private long newestAnyOrder(long[] bits, long from, long to, int size, List<Candidate> out,
                                Aggregation aggregation) {
        TopOrdinals top = new TopOrdinals(size);
        long total = 0;
        boolean allTimes = segment.minTimestamp() >= from && segment.maxTimestamp() < to;
        boolean histogram = aggregation != null && aggregation.hasHistogram();
        for (int w = bits.length - 1; w >= 0; w--) {
            long word = bits[w];
            while (word != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(word);
                word &= ~(1L << bit);
                int ordinal = (w << 6) + bit;
                long timestamp = segment.timestamp(ordinal);
                if (allTimes || (timestamp >= from && timestamp < to)) {
                    total++;
                    top.offer(ordinal);
                    if (histogram) {
                        aggregation.addTimestamp(timestamp);
                    }
                } else {
                    bits[w] &= ~(1L << bit); // out of range: not counted by the terms below either
                }
            }
        }
        top.drainTo(out);
        return total;
    }

    /** Adds the terms of the aggregation's fields, counted over the set bits. */
    private void addTerms(long[] bits, Aggregation aggregation) {
        int[] perShape = DocMatcher.matchesPerShape(bits, shapes);
        for (String field : aggregation.terms().keySet()) {
            Integer id = segment.knownFieldId(field);
            if (id == null) {
                continue;
            }
            int[] single = new int[1];
            keys.forEachHead(head -> {
                int key = keys.inField(head, id);
                if (key != SegmentKeys.NONE) {
                    long count = DocMatcher.termCount(keys.docs(key, single), keys.size(key), keys.shapes(key),
                            keys.shapeCount(key), perShape, bits);
                    if (count > 0) {
                        aggregation.addTerm(field, keys.term(key), count);
                    }
                }
            });
        }
    }

    /** The newest {@code size} ordinals seen, as a min-heap on (timestamp, sequence, partition). */
    private final class TopOrdinals {
        private final int capacity;
        private int[] heap = new int[16];
        private int size;

        TopOrdinals(int capacity) {
            this.capacity = capacity;
        }

        void offer(int ordinal) {
            if (capacity == 0) {
                return;
            }
            if (size < capacity) {
                if (size == heap.length) {
                    heap = Arrays.copyOf(heap, Math.min(capacity, size * 2));
                }
                heap[size] = ordinal;
                siftUp(size++);
            } else if (newer(ordinal, heap[0])) {
                heap[0] = ordinal;
                siftDown(0);
            }
        }

        void drainTo(List<Candidate> out) {
            for (int i = 0; i < size; i++) {
                out.add(new Candidate(segment.timestamp(heap[i]), null, heap[i]));
            }
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!newer(heap[parent], heap[i])) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    return;
                }
                int oldest = left;
                if (left + 1 < size && newer(heap[left], heap[left + 1])) {
                    oldest = left + 1;
                }
                if (!newer(heap[i], heap[oldest])) {
                    return;
                }
                swap(i, oldest);
                i = oldest;
            }
        }

        private void swap(int a, int b) {
            int t = heap[a];
            heap[a] = heap[b];
            heap[b] = t;
        }
    }

    /** Hit order: newer timestamp first, then higher sequence, then higher partition. */
    boolean newer(int a, int b) {
        return HitOrder.compare(segment.timestamp(a), segment.sequence(a), segment.partition(a),
                segment.timestamp(b), segment.sequence(b), segment.partition(b)) > 0;
    }
}
