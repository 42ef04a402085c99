package org.observer.storage.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.observer.storage.io.IntList;
import org.observer.storage.search.DocMatcher;
import org.observer.storage.search.Shapes;

/**
 * The shapes of the active segment: a shape is the sequence of digit-free (term, field) keys of a
 * document, by key id; shape 0 is the empty sequence. Once {@link #MAX_SHAPES} shapes exist, new
 * sequences are not added: such a document gets shape 0 and its caller indexes every key of it
 * explicitly, so a segment of unrelated lines costs no more than per-document postings.
 */
public final class SegmentShapes implements Shapes {

    public static final int MAX_SHAPES = 1 << 16;

    private final Map<Key, Integer> ids = new HashMap<>();
    private final List<IntList> documents = new ArrayList<>();
    private final IntList shapeOf = new IntList(1024);
    private final Key probe = new Key(new int[0], 0);
    /** Key ids held by the shapes' keys, for {@link #heapBytes()}. */
    private long keyIds;

    SegmentShapes() {
        add(new int[0], 0); // shape 0: no digit-free keys
    }

    /**
     * The id of the shape with keys {@code keys[0..length)}, or -1 if it is new and must be
     * registered with {@link #add} (the caller adds it to its keys' shape lists), or 0 when
     * there is no room for another shape.
     */
    int find(int[] keys, int length) {
        probe.reset(keys, length);
        Integer id = ids.get(probe);
        if (id != null) {
            return id;
        }
        return documents.size() >= MAX_SHAPES ? 0 : -1;
    }

    int add(int[] keys, int length) {
        int id = documents.size();
        ids.put(new Key(Arrays.copyOf(keys, length), length), id);
        keyIds += length;
        documents.add(new IntList(4));
        return id;
    }

    /** Records that the next document, {@code ordinal}, has {@code shape}. */
    void document(int ordinal, int shape) {
        shapeOf.add(shape);
        documents.get(shape).add(ordinal);
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public int shapeOf(int ordinal) {
        return shapeOf.get(ordinal);
    }

    @Override
    public int countIn(int shape, int lo, int hi) {
        IntList docs = documents.get(shape);
        int[] values = docs.array();
        return DocMatcher.lowerBound(values, docs.size(), hi) - DocMatcher.lowerBound(values, docs.size(), lo);
    }

    @Override
    public void mark(int shape, long[] bits, int lo, int hi) {
        IntList docs = documents.get(shape);
        DocMatcher.markSorted(docs.array(), 0, docs.size(), bits, lo, hi);
    }

    /** Bytes of a shape's map entry, key, boxed id and document list, besides its arrays. */
    private static final int SHAPE_OVERHEAD_BYTES = 32 + 24 + 16 + 16 + 2 * 16;

    /**
     * Heap bytes the shapes hold, about: each shape's overhead and key ids, and every document
     * twice (its shape, and its place in its shape's list, grown ahead by half).
     */
    long heapBytes() {
        return (long) SHAPE_OVERHEAD_BYTES * documents.size() + 4 * keyIds + shapeOf.heapBytes()
                + 4L * shapeOf.size() * 3 / 2;
    }

    /** Documents of each shape, by shape id. */
    public int size(int shape) {
        return documents.get(shape).size();
    }

    /** A sequence of key ids with its hash; the probe instance is reused for lookups. */
    private static final class Key {
        private int[] keys;
        private int length;
        private int hash;

        Key(int[] keys, int length) {
            reset(keys, length);
        }

        void reset(int[] keys, int length) {
            this.keys = keys;
            this.length = length;
            int h = 1;
            for (int i = 0; i < length; i++) {
                h = 31 * h + keys[i];
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash
                    && Arrays.equals(keys, 0, length, k.keys, 0, k.length);
        }
    }
}
