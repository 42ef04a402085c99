package org.observer.storage.chunk;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import com.github.luben.zstd.Zstd;

import org.observer.storage.CorruptIndexException;
import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Headers;
import org.observer.storage.io.Zstds;
import org.observer.storage.search.DocMatcher;
import org.observer.storage.search.Shapes;


/**
 * A sealed chunk's shape column, decoded once when the chunk is first searched: the shape of
 * every ordinal, and the ordinals of every shape (ascending, so a time range is a binary search).
 */
final class ChunkShapes implements Shapes {

    private final int[] shapeOf;
    /** Ordinals of shape s are {@code ordinals[starts[s]..starts[s + 1])}. */
    private final int[] starts;
    private final int[] ordinals;

    private ChunkShapes(int[] shapeOf, int[] starts, int[] ordinals) {
        this.shapeOf = shapeOf;
        this.starts = starts;
        this.ordinals = ordinals;
    }

    /** The number of shapes, from the column's header (nothing decoded). */
    static int count(Path file, ByteBuffer post, int documents) throws CorruptIndexException {
        int count = post.getInt(StorageFormat.HEADER_BYTES);
        if (count < 1 || count > documents + 1L) {
            throw new CorruptIndexException(file, "inconsistent shape count " + count);
        }
        return count;
    }

    /**
     * The .post file with its column compressed at {@code level} (compaction), or as it is when
     * that is not smaller: a chunk merged from a scratch one has its column at a fast level.
     */
    static ByteSink recompress(Path file, ByteBuffer post, int documents, int level) throws CorruptIndexException {
        ByteCursor in = new ByteCursor(post, StorageFormat.HEADER_BYTES);
        int count = in.readInt();
        int rawLength = in.readInt();
        int compressedLength = in.readInt();
        if (rawLength < documents || rawLength > documents * 5L || compressedLength < 0
                || (long) in.position + compressedLength > post.capacity()) {
            throw new CorruptIndexException(file, "inconsistent shape column header");
        }
        byte[] raw = Zstds.decompress(post, in.position, compressedLength, rawLength, null);
        if (raw == null) {
            throw new CorruptIndexException(file, "shape column does not decompress");
        }
        // High levels are not always the smallest on a column of a few hundred bytes; it is cheap to try.
        byte[] compressed = Zstd.compress(raw, level);
        for (int fast : new int[] {3, 7}) {
            byte[] other = Zstd.compress(raw, fast);
            if (other.length < compressed.length) {
                compressed = other;
            }
        }
        ByteSink out = new ByteSink(StorageFormat.HEADER_BYTES + 12 + Math.min(compressed.length, compressedLength));
        if (compressed.length >= compressedLength) {
            out.writeBytes(post, 0, post.capacity());
            return out;
        }
        Headers.write(out, StorageFormat.POSTINGS_MAGIC);
        out.writeInt(count);
        out.writeInt(rawLength);
        out.writeInt(compressed.length);
        out.writeBytes(compressed, 0, compressed.length);
        return out;
    }

    /** Reads and decodes the column at the start of .post (after its header). */
    static ChunkShapes read(Path file, ByteBuffer post, int documents) throws CorruptIndexException {
        ByteCursor in = new ByteCursor(post, StorageFormat.HEADER_BYTES);
        int count = in.readInt();
        int rawLength = in.readInt();
        int compressedLength = in.readInt();
        if (count < 1 || rawLength < documents || rawLength > documents * 5L || compressedLength < 0
                || (long) in.position + compressedLength > post.capacity()) {
            throw new CorruptIndexException(file, "inconsistent shape column header");
        }
        // zstd-jni throws on corrupt frames rather than returning an error code: Zstds catches that
        byte[] raw = Zstds.decompress(post, in.position, compressedLength, rawLength, null);
        if (raw == null) {
            throw new CorruptIndexException(file, "shape column does not decompress");
        }
        int[] shapeOf = new int[documents];
        int[] starts = new int[count + 1];
        ByteCursor column = new ByteCursor(ByteBuffer.wrap(raw), 0);
        for (int i = 0; i < documents; i++) {
            int shape = column.readVInt();
            if (shape < 0 || shape >= count) {
                throw new CorruptIndexException(file, "shape " + shape + " out of range");
            }
            shapeOf[i] = shape;
            starts[shape + 1]++;
        }
        if (column.position != rawLength) {
            throw new CorruptIndexException(file, "shape column length disagrees with the document count");
        }
        for (int s = 0; s < count; s++) {
            starts[s + 1] += starts[s];
        }
        int[] next = starts.clone();
        int[] ordinals = new int[documents];
        for (int i = 0; i < documents; i++) {
            ordinals[next[shapeOf[i]]++] = i;
        }
        return new ChunkShapes(shapeOf, starts, ordinals);
    }

    @Override
    public int count() {
        return starts.length - 1;
    }

    @Override
    public int shapeOf(int ordinal) {
        return shapeOf[ordinal];
    }

    int size(int shape) {
        return starts[shape + 1] - starts[shape];
    }

    @Override
    public int countIn(int shape, int lo, int hi) {
        int from = starts[shape];
        int to = starts[shape + 1];
        if (lo == 0 && hi >= shapeOf.length) {
            return to - from;
        }
        return DocMatcher.lowerBound(ordinals, from, to, hi) - DocMatcher.lowerBound(ordinals, from, to, lo);
    }

    @Override
    public void mark(int shape, long[] bits, int lo, int hi) {
        DocMatcher.markSorted(ordinals, starts[shape], starts[shape + 1], bits, lo, hi);
    }

    /**
     * The newest {@code size} ordinals in [lo, hi) whose shape is in {@code shapes}, newest first,
     * into {@code out}: a merge from the end of each shape's ordinals, so a common word costs no
     * more than a rare one.
     */
    int newest(boolean[] shapes, int lo, int hi, int size, int[] out) {
        if (size == 0) {
            return 0;
        }
        int k = 0;
        int[] heads = new int[shapes.length];
        int[] ends = new int[shapes.length];
        // Max-heap of shape ids by their current ordinal.
        int[] heap = new int[shapes.length];
        int heapSize = 0;
        for (int s = 0; s < shapes.length; s++) {
            if (!shapes[s]) {
                continue;
            }
            int first = lo == 0 ? starts[s] : DocMatcher.lowerBound(ordinals, starts[s], starts[s + 1], lo);
            int last = DocMatcher.lowerBound(ordinals, starts[s], starts[s + 1], hi) - 1;
            if (last < first) {
                continue;
            }
            heads[s] = last;
            ends[s] = first;
            heap[heapSize] = s;
            siftUp(heap, heapSize++, heads);
        }
        while (k < size && heapSize > 0) {
            int s = heap[0];
            out[k++] = ordinals[heads[s]];
            if (--heads[s] < ends[s]) {
                heap[0] = heap[--heapSize];
            }
            siftDown(heap, heapSize, heads);
        }
        return k;
    }

    private void siftUp(int[] heap, int i, int[] heads) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (ordinals[heads[heap[parent]]] >= ordinals[heads[heap[i]]]) {
                return;
            }
            int t = heap[parent];
            heap[parent] = heap[i];
            heap[i] = t;
            i = parent;
        }
    }

    private void siftDown(int[] heap, int size, int[] heads) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int newest = left;
            if (left + 1 < size && ordinals[heads[heap[left + 1]]] > ordinals[heads[heap[left]]]) {
                newest = left + 1;
            }
            if (ordinals[heads[heap[i]]] >= ordinals[heads[heap[newest]]]) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[newest];
            heap[newest] = t;
            i = newest;
        }
    }
}
