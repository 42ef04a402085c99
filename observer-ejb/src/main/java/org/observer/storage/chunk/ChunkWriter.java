package org.observer.storage.chunk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

import com.github.luben.zstd.Zstd;

import org.observer.storage.DurableFiles;
import org.observer.storage.StorageFormat;
import org.observer.storage.dictionary.BlockFilters;
import org.observer.storage.dictionary.ChunkDictionary;
import org.observer.storage.dictionary.FilteredPrefixes;
import org.observer.storage.dictionary.GapPositions;
import org.observer.storage.io.BlockCompressor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Headers;
import org.observer.storage.io.IntList;
import org.observer.storage.io.LongList;
import org.observer.storage.io.MappedBuffers;
import org.observer.storage.io.Sorting;
import org.observer.storage.search.HitOrder;
import org.observer.storage.search.TermKeys;
import org.observer.storage.segment.ActiveSegment;
import org.observer.storage.segment.SegmentKeys;
import org.observer.storage.segment.SegmentShapes;

/**
 * Seals an active segment into chunk files (see {@link StorageFormat}): documents re-ordered by
 * time, data in zstd blocks, dictionary, postings, timestamp column, and the meta file last.
 */
public final class ChunkWriter {

    private ChunkWriter() {
    }

    /** Seals without block filters: the dictionary lists every term (see {@link #write(Path, int, ActiveSegment, int, Executor, Set)}). */
    public static ChunkMeta write(Path dir, int number, ActiveSegment segment, int zstdLevel, Executor compressor)
            throws IOException {
        return write(dir, number, segment, zstdLevel, compressor, Set.of());
    }

    /**
     * @param filteredFields text fields whose rarest numbers and ids ({@link BlockFilters#qualifiesHot},
     *                       at most {@link BlockFilters#HOT_MAX_DOCUMENTS} documents) go to per-block
     *                       filters instead of the dictionary; empty when records cannot be read
     *                       back into fields, or when the chunk is a scratch one that compaction
     *                       reads whole
     */
    public static ChunkMeta write(Path dir, int number, ActiveSegment segment, int zstdLevel, Executor compressor,
                                  Set<String> filteredFields) throws IOException {
        int documents = segment.documents();
        int[] order = timeOrder(segment); // order[newOrdinal] = segment ordinal
        int[] newOrdinals = null;
        for (int i = 0; i < documents; i++) {
            if (order[i] != i) {
                newOrdinals = new int[documents];
                for (int j = 0; j < documents; j++) {
                    newOrdinals[order[j]] = j;
                }
                break;
            }
        }

        // Shapes, then the dictionary: it does not depend on the records, so a lent thread builds it
        // meanwhile (or this one afterwards: run() does nothing once another thread has started it).
        ByteSink post = new ByteSink(Math.max(1 << 16, segment.bytes() / 8));
        Headers.write(post, StorageFormat.POSTINGS_MAGIC);
        int[] chunkShapeOf = new int[documents];
        int[] shapeIds = writeShapes(segment, order, post, zstdLevel, chunkShapeOf);
        int[] ordinalMap = newOrdinals;
        FutureTask<Keywords> dictionary = new FutureTask<>(
                () -> writeKeywords(segment, ordinalMap, shapeIds, chunkShapeOf, zstdLevel, compressor, filteredFields));
        if (compressor != null) {
            try {
                compressor.execute(dictionary);
            } catch (RejectedExecutionException e) {
                // built below, on this thread
            }
        }

        // Data blocks and the sorted timestamps.
        ByteSink data = new ByteSink(Math.max(1 << 16, segment.bytes() / 4));
        Headers.write(data, StorageFormat.DATA_MAGIC);
        data.writeInt(0); // no zstd dictionary: hot blocks are compressed alone
        ByteSink block = new ByteSink(StorageFormat.BLOCK_RAW_BYTES * 2);
        LongList blockPositions = new LongList();
        IntList compressedLengths = new IntList();
        IntList rawLengths = new IntList();
        IntList firstOrdinals = new IntList();
        IntList blockCrcs = new IntList();
        List<byte[]> rawBlocks = new ArrayList<>();
        long[] timestamps = new long[documents];
        Map<Integer, long[]> sequenceRanges = new TreeMap<>();
        RecordBlock.Writer records = new RecordBlock.Writer(false);
        byte[][] source = {new byte[1024]};
        int blockFirst = 0;
        for (int i = 0; i < documents; i++) {
            int ordinal = order[i];
            int partition = segment.partition(ordinal);
            long sequence = segment.sequence(ordinal);
            long timestamp = segment.timestamp(ordinal);
            timestamps[i] = timestamp;
            long[] range = sequenceRanges.computeIfAbsent(partition, p -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            range[0] = Math.min(range[0], sequence);
            range[1] = Math.max(range[1], sequence);
            if (records.count() == 0) {
                blockFirst = i;
            }
            int sourceLength = segment.readSource(ordinal, source);
            records.add(partition, sequence, timestamp, source[0], sourceLength);
            if (records.full(StorageFormat.BLOCK_RAW_BYTES) || i == documents - 1) {
                records.finish(block);
                rawBlocks.add(java.util.Arrays.copyOf(block.array(), block.size()));
                firstOrdinals.add(blockFirst);
                block.reset();
            }
        }
        byte[][] compressedBlocks = BlockCompressor.compress(rawBlocks, zstdLevel, compressor);
        for (int b = 0; b < compressedBlocks.length; b++) {
            byte[] compressed = compressedBlocks[b];
            blockPositions.add(data.size());
            compressedLengths.add(compressed.length);
            rawLengths.add(rawBlocks.get(b).length);
            blockCrcs.add(MappedBuffers.crc32c(compressed, 0, compressed.length));
            data.writeBytes(compressed, 0, compressed.length);
        }
        rawBlocks.clear();

        dictionary.run();
        ByteSink dict = await(dictionary).finish(firstOrdinals.toArray());
        ByteSink ts = TimestampColumn.write(timestamps);

        ByteSink[] files = {data, dict, post, ts};
        long[] fileLengths = new long[ChunkMeta.FILE_COUNT];
        int[] fileCrcs = new int[ChunkMeta.FILE_COUNT];
        writeDataFiles(dir, number, files, fileLengths, fileCrcs);

        int[] partitions = new int[sequenceRanges.size()];
        long[] minSequences = new long[partitions.length];
        long[] maxSequences = new long[partitions.length];
        int p = 0;
        for (Map.Entry<Integer, long[]> entry : sequenceRanges.entrySet()) {
            partitions[p] = entry.getKey();
            minSequences[p] = entry.getValue()[0];
            maxSequences[p] = entry.getValue()[1];
            p++;
        }
        ChunkMeta meta = new ChunkMeta(number, documents, timestamps[0], timestamps[documents - 1], partitions,
                minSequences, maxSequences, fileLengths, fileCrcs, toArray(blockPositions), compressedLengths.toArray(),
                rawLengths.toArray(), firstOrdinals.toArray(), blockCrcs.toArray());
        // The meta goes last: its presence is what makes the chunk exist.
        DurableFiles.writeAtomically(dir, StorageFormat.chunkFile(number, StorageFormat.META_EXT), meta.encode());
        DurableFiles.syncDirectory(dir);
        return meta;
    }

    /**
     * Writes a chunk's data files (dat, dict, post, ts in that order) durably, filling in their
     * lengths and CRCs for the meta, which the caller writes last.
     */
    static void writeDataFiles(Path dir, int number, ByteSink[] files, long[] lengths, int[] crcs) throws IOException {
        String[] names = StorageFormat.chunkDataFiles(number);
        for (int i = 0; i < files.length; i++) {
            lengths[i] = files[i].size();
            crcs[i] = MappedBuffers.crc32c(files[i].array(), 0, files[i].size());
            DurableFiles.writeAtomically(dir, names[i], files[i]);
        }
        DurableFiles.syncDirectory(dir);
    }

    private static <T> T await(FutureTask<T> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sealing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("building the dictionary failed", e.getCause());
        }
    }

    /**
     * The dictionary with its entries compressed, and the filtered (term, field) entries left out
     * of it: their hashes, one per document (chunk ordinal), to go to the filters of the data
     * blocks holding those documents once the blocks are cut.
     */
    private record Keywords(ChunkDictionary.Writer dict, int[] filteredFieldIds, LongList hashes, IntList ordinals,
                            FilteredPrefixes.Builder prefixes, String[] fieldNames, int documents, int zstdLevel,
                            Executor compressor) {

        ByteSink finish(int[] blockFirstOrdinals) throws IOException {
            if (hashes.size() == 0) {
                return dict.finish();
            }
            int blocks = blockFirstOrdinals.length;
            long[][] byBlock = new long[blocks][];
            int[] counts = new int[blocks];
            for (int i = 0; i < hashes.size(); i++) {
                int block = ChunkCompactor.blockOf(blockFirstOrdinals, ordinals.get(i));
                if (byBlock[block] == null) {
                    byBlock[block] = new long[16];
                } else if (counts[block] == byBlock[block].length) {
                    byBlock[block] = Arrays.copyOf(byBlock[block], counts[block] * 2);
                }
                byBlock[block][counts[block]++] = hashes.get(i);
            }
            for (int b = 0; b < blocks; b++) {
                // one key per distinct term per block (a term may list two documents of one block)
                long[] sorted = byBlock[b] == null ? new long[0] : Arrays.copyOf(byBlock[b], counts[b]);
                Arrays.sort(sorted);
                int distinct = 0;
                for (int i = 0; i < sorted.length; i++) {
                    if (i == 0 || sorted[i] != sorted[i - 1]) {
                        sorted[distinct++] = sorted[i];
                    }
                }
                byBlock[b] = sorted;
                counts[b] = distinct;
            }
            return dict.finish(prefixes.write(fieldNames, documents, zstdLevel, compressor, StorageFormat.DICT_BLOCK_RAW_BYTES),
                    BlockFilters.section(filteredFieldIds, byBlock, counts, BlockFilters.HOT_BITS_PER_KEY));
        }
    }

    /**
     * The dictionary (terms in unsigned UTF-8 byte order): every (term, field) with its shapes and
     * explicit ordinals, except the rare ones of {@code filteredFields} that filters hold.
     */
    private static Keywords writeKeywords(ActiveSegment segment, int[] newOrdinals, int[] shapeIds,
                                          int[] chunkShapeOf, int zstdLevel, Executor compressor,
                                          Set<String> filteredFields) throws IOException {
        // Chunk field ids: the segment's fields in UTF-8 order of their names.
        List<String> names = segment.fieldNames();
        int fieldCount = names.size();
        int[] byName = new int[fieldCount]; // byName[chunkId] = segment id
        for (int i = 0; i < fieldCount; i++) {
            int j = i;
            while (j > 0 && TermKeys.compareUtf8(names.get(byName[j - 1]), names.get(i)) > 0) {
                byName[j] = byName[j - 1];
                j--;
            }
            byName[j] = i;
        }
        String[] sortedNames = new String[fieldCount];
        int[] chunkField = new int[fieldCount]; // chunkField[segment id] = chunk id
        for (int c = 0; c < fieldCount; c++) {
            sortedNames[c] = names.get(byName[c]);
            chunkField[byName[c]] = c;
        }

        boolean[] filtered = new boolean[fieldCount]; // by chunk id
        IntList filteredIds = new IntList();
        for (int c = 0; c < fieldCount; c++) {
            if (filteredFields.contains(sortedNames[c])) {
                filtered[c] = true;
                filteredIds.add(c);
            }
        }
        LongList filteredHashes = new LongList();
        IntList filteredOrdinals = new IntList();
        FilteredPrefixes.Builder prefixes = new FilteredPrefixes.Builder();
        int documents = segment.documents();

        SegmentKeys keys = segment.keys();
        int[] sorted = SegmentKeys.sortedTerms(keys);
        byte[] arena = keys.arena();
        ChunkDictionary.Writer dict = new ChunkDictionary.Writer(sortedNames, documents, zstdLevel, compressor);
        boolean withPositions = segment.bytes() >= StorageFormat.POSITIONS_MIN_CHUNK_BYTES;
        int[] shapes = new int[16];
        int[] chain = new int[8];
        int[] scratch = new int[16];
        int[] single = new int[1];
        for (int head : sorted) {
            int n = 0;
            for (int key = head; key != SegmentKeys.NONE; key = keys.next(key)) {
                if (n == chain.length) {
                    chain = Arrays.copyOf(chain, n * 2);
                }
                // Insertion by chunk field id: chains are short (one per field holding the term).
                int j = n++;
                while (j > 0 && chunkField[keys.field(chain[j - 1])] > chunkField[keys.field(key)]) {
                    chain[j] = chain[j - 1];
                    j--;
                }
                chain[j] = key;
            }
            int termAt = keys.termAt(head);
            int termLength = keys.termLength(head);
            int kept = n;
            if (filteredIds.size() > 0 && termLength > 0 && arena[termAt] >= '0' && arena[termAt] <= '9') {
                String term = new String(arena, termAt, termLength, StandardCharsets.UTF_8);
                if (termLength >= BlockFilters.HOT_MIN_LENGTH && BlockFilters.qualifiesHot(term)) {
                    long hash = BlockFilters.hash(term);
                    for (int i = 0; i < n; i++) {
                        int key = chain[i];
                        if (filtered[chunkField[keys.field(key)]] && keys.shapeCount(key) == 0
                                && keys.size(key) <= BlockFilters.HOT_MAX_DOCUMENTS && keys.size(key) < documents) {
                            int[] docs = keys.docs(key, single);
                            for (int j = 0; j < keys.size(key); j++) {
                                int ordinal = newOrdinals == null ? docs[j] : newOrdinals[docs[j]];
                                filteredHashes.add(hash);
                                filteredOrdinals.add(ordinal);
                                prefixes.add(chunkField[keys.field(key)], term, ordinal);
                            }
                            chain[i] = SegmentKeys.NONE; // in the filters, not in the dictionary
                            kept--;
                        }
                    }
                }
            }
            if (kept == 0) {
                continue;
            }
            dict.term(arena, termAt, termLength, kept);
            for (int i = 0; i < n; i++) {
                int key = chain[i];
                if (key == SegmentKeys.NONE) {
                    continue;
                }
                int field = chunkField[keys.field(key)];
                int shapeCount = keys.shapeCount(key);
                if (shapes.length < shapeCount) {
                    shapes = new int[Math.max(shapeCount, shapes.length * 2)];
                }
                int[] keyShapes = keys.shapes(key);
                for (int j = 0; j < shapeCount; j++) {
                    shapes[j] = shapeIds[keyShapes[j]];
                }
                Arrays.sort(shapes, 0, shapeCount);
                int size = keys.size(key);
                int[] docs = keys.docs(key, single);
                byte[] positions = withPositions && keys.explicit(key) && size >= StorageFormat.POSITIONS_MIN_DOCUMENTS
                        ? keys.positions(key) : null;
                if (newOrdinals != null && size > 0) {
                    if (scratch.length < size) {
                        scratch = new int[Math.max(size, scratch.length * 2)];
                    }
                    if (positions == null) {
                        for (int j = 0; j < size; j++) {
                            scratch[j] = newOrdinals[docs[j]];
                        }
                        Arrays.sort(scratch, 0, size);
                    } else {
                        // Each position goes with its document: sort (ordinal, position) pairs.
                        long[] pairs = new long[size];
                        for (int j = 0; j < size; j++) {
                            pairs[j] = (long) newOrdinals[docs[j]] << 8 | (positions[j] & 0xFF);
                        }
                        Arrays.sort(pairs);
                        positions = new byte[size];
                        for (int j = 0; j < size; j++) {
                            scratch[j] = (int) (pairs[j] >>> 8);
                            positions[j] = (byte) pairs[j];
                        }
                    }
                    docs = scratch;
                }
                if (positions != null) {
                    positions = GapPositions.predicted(docs, positions, size, chunkShapeOf, shapeIds.length);
                }
                dict.field(field, shapes, shapeCount, docs, size, positions);
            }
        }
        dict.compressBlocks();
        return new Keywords(dict, filteredIds.toArray(), filteredHashes, filteredOrdinals, prefixes, sortedNames,
                documents, zstdLevel, compressor);
    }

    /**
     * Writes the shape column to {@code post}: chunk shape 0 is segment shape 0 (documents without
     * a shape of their own, which a phrase verifies one by one); the others number the segment's
     * shapes by descending document count (so most documents' ids take one byte), one vint per document in
     * chunk order, zstd-compressed; {@code chunkShapeOf} gets the column. Returns the chunk id of
     * each segment shape.
     */
    private static int[] writeShapes(ActiveSegment segment, int[] order, ByteSink post, int zstdLevel,
                                     int[] chunkShapeOf) throws IOException {
        SegmentShapes shapes = segment.shapes();
        int count = shapes.count();
        Integer[] bySize = new Integer[count];
        for (int s = 0; s < count; s++) {
            bySize[s] = s;
        }
        Arrays.sort(bySize, 1, count, (a, b) -> Integer.compare(shapes.size(b), shapes.size(a)));
        int[] ids = new int[count];
        for (int rank = 0; rank < count; rank++) {
            ids[bySize[rank]] = rank;
        }
        ByteSink column = new ByteSink(order.length + 16);
        for (int i = 0; i < order.length; i++) {
            int shape = ids[shapes.shapeOf(order[i])];
            chunkShapeOf[i] = shape;
            column.writeVInt(shape);
        }
        byte[] compressed = new byte[(int) Zstd.compressBound(column.size())];
        long length = Zstd.compressByteArray(compressed, 0, compressed.length, column.array(), 0, column.size(), zstdLevel);
        if (Zstd.isError(length)) {
            throw new IOException("zstd compression failed: " + Zstd.getErrorName(length));
        }
        post.writeInt(count);
        post.writeInt(column.size());
        post.writeInt((int) length);
        post.writeBytes(compressed, 0, (int) length);
        return ids;
    }

    private static long[] toArray(LongList list) {
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i);
        }
        return values;
    }

    /** Segment ordinals sorted by (timestamp, sequence, partition); usually already in order. */
    private static int[] timeOrder(ActiveSegment segment) {
        int n = segment.documents();
        int[] order = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (i > 0 && compare(segment, i - 1, i) > 0) {
                sorted = false;
            }
        }
        if (!sorted) {
            Sorting.mergeSort(order, new int[n], 0, n, (a, b) -> compare(segment, a, b));
        }
        return order;
    }

    private static int compare(ActiveSegment s, int a, int b) {
        return HitOrder.compare(s.timestamp(a), s.sequence(a), s.partition(a), s.timestamp(b), s.sequence(b),
                s.partition(b));
    }
}
