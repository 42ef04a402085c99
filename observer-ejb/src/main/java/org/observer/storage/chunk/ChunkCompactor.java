package org.observer.storage.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.observer.analysis.FieldExtractor;
import org.observer.analysis.FieldTypes;
import org.observer.storage.CorruptIndexException;
import org.observer.storage.DurableFiles;
import org.observer.storage.LogRecord;
import org.observer.storage.LogSequence;
import org.observer.storage.StorageFormat;
import org.observer.storage.dictionary.BlockFilters;
import org.observer.storage.dictionary.ChunkDictionary;
import org.observer.storage.io.BlockCompressor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Headers;
import org.observer.storage.io.IntList;
import org.observer.storage.io.MappedBuffers;
import org.observer.storage.segment.ActiveSegment;
import org.observer.storage.segment.RecordCodec;

import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictTrainer;

/**
 * Rewrites a sealed chunk as a cold one: its records in {@link StorageFormat#COLD_BLOCK_RAW_BYTES}
 * blocks at a high zstd level, with a dictionary trained on the chunk's own data when it has
 * enough of it to pay for the dictionary; its keyword dictionary recompressed at the same level.
 * When records can be read back into fields, the rare numbers and hex ids of text fields leave the
 * dictionary for per-block filters ({@link BlockFilters}): they are most of its bytes.
 * Shapes and timestamps are copied as they are. Small chunks are first merged into one
 * ({@link #merge}). The new chunk names the old ones in its meta, so whichever crash point,
 * recovery keeps either the old chunks or the new one.
 */
public final class ChunkCompactor {

    /** Train a zstd dictionary only from this much raw data: below it, the dictionary costs more than it saves. */
    public static final int MIN_TRAINING_BYTES = 4 << 20;
    static final int DICTIONARY_BYTES = 64 << 10;
    /** Where {@link #merge} seals the merged records before compacting them; recovery deletes it. */
    public static final String MERGE_SCRATCH = "merge" + StorageFormat.TEMP_SUFFIX;
    /** The scratch chunk is read once, by the compaction: compress it as fast as zstd goes. */
    private static final int MERGE_SCRATCH_LEVEL = 1;

    private ChunkCompactor() {
    }

    /**
     * @param filteredFields text fields whose rare numbers go to per-block filters (empty: keep the
     *                       dictionary whole, e.g. when records cannot be read back into fields)
     */
    public static ChunkMeta compact(Path dir, ChunkReader chunk, int number, int level, Executor compressor,
                             java.util.Set<String> filteredFields) throws IOException {
        return compact(dir, chunk, number, level, compressor, filteredFields, null, new int[] {chunk.number()});
    }

    /**
     * The same for a chunk that may keep terms in block filters itself (sealed with
     * {@link BlockFilters#qualifiesHot} ones left out of its dictionary): {@code fields} reads its
     * records back to find them, which costs a tokenizer pass over the filtered fields, where
     * {@link #merge} would index every record again (3 times the time of a plain compaction).
     */
    public static ChunkMeta compact(Path dir, ChunkReader chunk, int number, int level, Executor compressor,
                                    java.util.Set<String> filteredFields, FieldExtractor fields) throws IOException {
        return compact(dir, chunk, number, level, compressor, filteredFields, fields, new int[] {chunk.number()});
    }

    /**
     * Merges {@code sources} into one cold chunk {@code number}. Their records are indexed again,
     * as ingest indexed them, into a segment in a scratch directory and sealed there at a fast
     * level (documents re-ordered by time across the sources); that chunk is then compacted into
     * {@code dir}. Re-indexing, rather than merging dictionaries, is what makes cold sources
     * mergeable: their rare numbers are in block filters, not in their dictionaries.
     */
    public static ChunkMeta merge(Path dir, List<ChunkReader> sources, int number, int level, Executor compressor,
                           FieldTypes types, FieldExtractor fields) throws IOException {
        java.util.Objects.requireNonNull(fields, "merging re-indexes records: the store needs a field extractor");
        Path scratch = dir.resolve(MERGE_SCRATCH);
        DurableFiles.deleteTree(scratch);
        Files.createDirectory(scratch);
        ActiveSegment segment = ActiveSegment.empty(scratch, types);
        try {
            ByteSink payload = new ByteSink(4096);
            int[] replaces = new int[sources.size()];
            for (int c = 0; c < replaces.length; c++) {
                ChunkReader chunk = sources.get(c);
                replaces[c] = chunk.number();
                int ordinal = 0;
                for (int b = 0; b < chunk.meta.blockFirstOrdinals.length; b++) {
                    RecordBlock.View view = new RecordBlock.View(chunk.rawBlock(b), chunk.dataVersion());
                    for (int i = 0; i < view.count(); i++, ordinal++) {
                        long timestamp = chunk.timestamp(ordinal);
                        byte[] source = view.source(i, timestamp);
                        long sequence = view.sequence(i);
                        LogRecord record = new LogRecord(view.partition(i), LogSequence.offset(sequence),
                                LogSequence.line(sequence), timestamp, source, fields.fields(source));
                        payload.reset();
                        RecordCodec.encode(record, payload);
                        segment.append(record, payload);
                    }
                }
                if (ordinal != chunk.meta.documents) {
                    throw new CorruptIndexException(dir.resolve(StorageFormat.chunkFile(chunk.number(), StorageFormat.DATA_EXT)),
                            "holds " + ordinal + " records, meta says " + chunk.meta.documents);
                }
            }
            ChunkWriter.write(scratch, number, segment, MERGE_SCRATCH_LEVEL, compressor);
            ChunkReader merged = ChunkReader.load(scratch, number);
            try {
                return compact(dir, merged, number, level, compressor, types.textFields(), null, replaces);
            } finally {
                merged.close();
            }
        } finally {
            try {
                segment.closeAndDelete();
            } finally {
                DurableFiles.deleteTree(scratch); // recovery would delete it too, but not before a restart
            }
        }
    }

    private static ChunkMeta compact(Path dir, ChunkReader chunk, int number, int level, Executor compressor,
                                     java.util.Set<String> filteredFields, FieldExtractor fields, int[] replaces)
            throws IOException {
        ChunkMeta old = chunk.meta;
        ChunkDictionary.Refs all = ChunkDictionary.Refs.withTerms();
        chunk.dictionary().scan(new byte[0], null, true, -1, null, all);
        HotFiltered hotFiltered = HotFiltered.of(chunk, all, filteredFields, fields);
        // Records, re-cut into cold blocks.
        List<byte[]> rawBlocks = new ArrayList<>();
        IntList firstOrdinals = new IntList();
        RecordBlock.Writer records = new RecordBlock.Writer(true);
        ByteSink block = new ByteSink(StorageFormat.COLD_BLOCK_RAW_BYTES * 2);
        long rawTotal = 0;
        int ordinal = 0;
        int blockFirst = 0;
        for (int b = 0; b < old.blockFirstOrdinals.length; b++) {
            RecordBlock.View view = new RecordBlock.View(chunk.rawBlock(b), chunk.dataVersion());
            for (int i = 0; i < view.count(); i++, ordinal++) {
                if (records.count() == 0) {
                    blockFirst = ordinal;
                }
                long timestamp = chunk.timestamp(ordinal);
                byte[] source = view.source(i, timestamp);
                records.add(view.partition(i), view.sequence(i), timestamp, source, source.length);
                if (hotFiltered != null) {
                    hotFiltered.read(source, firstOrdinals.size()); // the cold block being filled
                }
                if (records.full(StorageFormat.COLD_BLOCK_RAW_BYTES)) {
                    rawTotal += flush(records, block, rawBlocks, firstOrdinals, blockFirst);
                }
            }
        }
        if (records.count() > 0) {
            rawTotal += flush(records, block, rawBlocks, firstOrdinals, blockFirst);
        }
        if (ordinal != old.documents) {
            throw new CorruptIndexException(dir.resolve(StorageFormat.chunkFile(old.number, StorageFormat.DATA_EXT)),
                    "holds " + ordinal + " records, meta says " + old.documents);
        }

        byte[] dictionary = rawTotal >= MIN_TRAINING_BYTES ? train(rawBlocks) : new byte[0];
        byte[][] compressed;
        if (dictionary.length > 0) {
            try (ZstdDictCompress prepared = new ZstdDictCompress(dictionary, level)) {
                compressed = BlockCompressor.compress(rawBlocks, level, compressor, prepared);
            }
        } else {
            compressed = BlockCompressor.compress(rawBlocks, level, compressor);
        }
        ByteSink data = new ByteSink((int) Math.min(Integer.MAX_VALUE - 64, rawTotal / 3 + dictionary.length + 64));
        Headers.write(data, StorageFormat.DATA_MAGIC);
        data.writeInt(dictionary.length);
        data.writeBytes(dictionary, 0, dictionary.length);
        int blocks = compressed.length;
        long[] positions = new long[blocks];
        int[] compressedLengths = new int[blocks];
        int[] rawLengths = new int[blocks];
        int[] crcs = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            positions[b] = data.size();
            compressedLengths[b] = compressed[b].length;
            rawLengths[b] = rawBlocks.get(b).length;
            crcs[b] = MappedBuffers.crc32c(compressed[b], 0, compressed[b].length);
            data.writeBytes(compressed[b], 0, compressed[b].length);
        }

        ByteSink dict = dictionary(chunk, all, firstOrdinals.toArray(), filteredFields, hotFiltered, level, compressor);
        ByteSink post = ChunkShapes.recompress(chunk.path(ChunkMeta.FILE_POSTINGS),
                chunk.file(ChunkMeta.FILE_POSTINGS), old.documents, level);
        ByteSink ts = copy(chunk.file(ChunkMeta.FILE_TIMESTAMPS));
        ByteSink[] files = {data, dict, post, ts};
        long[] fileLengths = new long[ChunkMeta.FILE_COUNT];
        int[] fileCrcs = new int[ChunkMeta.FILE_COUNT];
        ChunkWriter.writeDataFiles(dir, number, files, fileLengths, fileCrcs);
        ChunkMeta meta = new ChunkMeta(number, old.documents, old.minTimestamp, old.maxTimestamp, old.partitions,
                old.minSequences, old.maxSequences, fileLengths, fileCrcs, positions, compressedLengths, rawLengths,
                firstOrdinals.toArray(), crcs, ChunkMeta.COLD, replaces);
        DurableFiles.writeAtomically(dir, StorageFormat.chunkFile(number, StorageFormat.META_EXT), meta.encode());
        DurableFiles.syncDirectory(dir);
        return meta;
    }

    /**
     * The cold dictionary: every entry of the hot one, except (term, field) entries of a
     * {@code filteredFields} field whose term {@link BlockFilters#qualifies} and that list at most
     * {@link BlockFilters#MAX_DOCUMENTS} documents explicitly (no shape); those go to the filter
     * of every block holding one of their documents, as do the terms the hot chunk kept in its
     * own filters ({@code hotFiltered}, null: none).
     */
    private static ByteSink dictionary(ChunkReader chunk, ChunkDictionary.Refs all, int[] blockFirstOrdinals,
                                       java.util.Set<String> filteredFields, HotFiltered hotFiltered,
                                       int level, Executor compressor) throws IOException {
        ChunkDictionary hot = chunk.dictionary();
        IntList ids = new IntList();
        for (int id = 0; id < hot.fieldCount(); id++) {
            if (filteredFields.contains(hot.fieldName(id))) {
                ids.add(id);
            }
        }
        if (ids.size() == 0) { // hotFiltered is null then: its fields are among filteredFields
            return ChunkDictionary.recompress(chunk.file(ChunkMeta.FILE_DICT), level, compressor);
        }
        int[] filtered = ids.toArray();
        int documents = chunk.meta.documents;
        String[] names = new String[hot.fieldCount()];
        for (int id = 0; id < names.length; id++) {
            names[id] = hot.fieldName(id);
        }
        int blocks = blockFirstOrdinals.length;
        long[][] hashes = new long[blocks][16];
        int[] counts = new int[blocks];
        if (hotFiltered != null) {
            for (int i = 0; i < hotFiltered.hashes.size(); i++) {
                add(hashes, counts, hotFiltered.blocks.get(i), hotFiltered.hashes.get(i));
            }
        }
        ChunkDictionary.Writer writer = new ChunkDictionary.Writer(names, documents, level, compressor,
                StorageFormat.COLD_DICT_BLOCK_RAW_BYTES);
        boolean[] moved = new boolean[4];
        for (int first = 0; first < all.count; ) {
            String term = all.terms[first];
            int end = first + 1;
            while (end < all.count && all.terms[end].equals(term)) {
                end++;
            }
            boolean qualifies = BlockFilters.qualifies(term);
            long hash = qualifies ? BlockFilters.hash(term) : 0;
            if (moved.length < end - first) {
                moved = new boolean[end - first];
            }
            int kept = 0;
            for (int e = first; e < end; e++) {
                boolean move = qualifies && contains(filtered, all.fields[e]) && all.shapes[e].length == 0
                        && all.docFreqs[e] <= BlockFilters.MAX_DOCUMENTS && all.docFreqs[e] < documents;
                moved[e - first] = move;
                if (!move) {
                    kept++;
                    continue;
                }
                int block = -1;
                for (int i = 0; i < all.docFreqs[e]; i++) {
                    int ordinal = all.ordinals[e][i]; // ascending: a new block only past the current one
                    if (block < 0 || (block + 1 < blocks && blockFirstOrdinals[block + 1] <= ordinal)) {
                        block = blockOf(blockFirstOrdinals, ordinal);
                        add(hashes, counts, block, hash);
                    }
                }
            }
            if (kept > 0) {
                byte[] bytes = term.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                writer.term(bytes, bytes.length, kept);
                for (int e = first; e < end; e++) {
                    if (!moved[e - first]) {
                        int[] shapes = all.shapes[e];
                        writer.field(all.fields[e], shapes, shapes.length, all.ordinals[e], all.docFreqs[e],
                                all.positions[e]);
                    }
                }
            }
            first = end;
        }
        for (int b = 0; b < blocks; b++) {
            // a term's documents may share a block with another field's: keep each hash once
            long[] sorted = java.util.Arrays.copyOf(hashes[b], counts[b]);
            java.util.Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            hashes[b] = sorted;
            counts[b] = distinct;
        }
        return writer.finish(BlockFilters.section(filtered, hashes, counts));
    }

    /**
     * The terms a sealed chunk keeps in its block filters, found again in its records as they are
     * re-cut into cold blocks: each one's hash with the cold block holding it. A record's tokens in
     * a filtered field that could be filtered ({@link BlockFilters#qualifiesHot}) and that the
     * dictionary does not list for that field are such terms.
     */
    private static final class HotFiltered {
        private final FieldExtractor fields;
        private final java.util.Map<String, Integer> fieldIds = new java.util.HashMap<>();
        /** "fieldId:term" of the dictionary's entries that could have been filtered but were not. */
        private final java.util.Set<String> listed = new java.util.HashSet<>();
        final org.observer.storage.io.LongList hashes = new org.observer.storage.io.LongList();
        final IntList blocks = new IntList();
        private int field;
        private int block;

        private final org.observer.analysis.TokenSink sink = new org.observer.analysis.TokenSink() {
            @Override
            public void ascii(String text, int start, int end, boolean lowercase) {
                if (BlockFilters.qualifies(text, start, end, false)) {
                    found(lowercase ? text.substring(start, end) : org.observer.analysis.Analyzer.lowercaseAscii(text, start, end));
                }
            }

            @Override
            public void token(String term, int start, int end) {
                if (BlockFilters.qualifiesHot(term)) { // an ASCII run cut at the length cap
                    found(term);
                }
            }
        };

        private HotFiltered(FieldExtractor fields) {
            this.fields = fields;
        }

        /** Null if {@code chunk} has no filters of its own. */
        static HotFiltered of(ChunkReader chunk, ChunkDictionary.Refs all, java.util.Set<String> filteredFields,
                              FieldExtractor fields) throws IOException {
            ChunkDictionary dictionary = chunk.dictionary();
            BlockFilters.Section section = dictionary.filters();
            if (section == null) {
                return null;
            }
            if ((chunk.meta.flags & ChunkMeta.COLD) != 0) {
                throw new IllegalArgumentException("chunk " + chunk.number() + " is cold: compact it with merge()");
            }
            if (fields == null) {
                throw new IllegalArgumentException("chunk " + chunk.number()
                        + " keeps terms in block filters: compacting it reads records back, which needs a field extractor");
            }
            HotFiltered found = new HotFiltered(fields);
            for (int id : section.fieldIds()) {
                String name = dictionary.fieldName(id);
                if (!filteredFields.contains(name)) {
                    throw new IllegalArgumentException("chunk " + chunk.number() + " filters field " + name
                            + ", which the cold chunk would not: compact it with merge()");
                }
                found.fieldIds.put(name, id);
            }
            for (int e = 0; e < all.count; e++) {
                if (found.fieldIds.containsValue(all.fields[e]) && BlockFilters.qualifiesHot(all.terms[e])) {
                    found.listed.add(all.fields[e] + ":" + all.terms[e]);
                }
            }
            return found;
        }

        /** Finds the filtered terms of the record {@code source}, bound for cold block {@code block}. */
        void read(byte[] source, int block) {
            List<org.observer.analysis.FieldValue> values;
            try {
                values = fields.fields(source);
            } catch (RuntimeException e) {
                // stored as a JSON object: one that no longer parses is damaged data
                throw new IllegalStateException("a stored record does not parse: " + e, e);
            }
            this.block = block;
            for (org.observer.analysis.FieldValue value : values) {
                Integer id = fieldIds.get(value.name());
                if (id != null) {
                    field = id;
                    org.observer.analysis.Analyzer.STANDARD.forEachToken(value.value(), sink);
                }
            }
        }

        private void found(String term) {
            if (!listed.contains(field + ":" + term)) {
                hashes.add(BlockFilters.hash(term)); // duplicates in a block are dropped with the others'
                blocks.add(block);
            }
        }
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static void add(long[][] hashes, int[] counts, int block, long hash) {
        if (counts[block] == hashes[block].length) {
            hashes[block] = java.util.Arrays.copyOf(hashes[block], counts[block] * 2);
        }
        hashes[block][counts[block]++] = hash;
    }

    /** The block holding {@code ordinal}: the last whose first ordinal is not above it. */
    static int blockOf(int[] firstOrdinals, int ordinal) {
        int lo = 0;
        int hi = firstOrdinals.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (firstOrdinals[mid] <= ordinal) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static int flush(RecordBlock.Writer records, ByteSink block, List<byte[]> rawBlocks, IntList firstOrdinals,
                             int blockFirst) {
        block.reset();
        records.finish(block);
        rawBlocks.add(java.util.Arrays.copyOf(block.array(), block.size()));
        firstOrdinals.add(blockFirst);
        return block.size();
    }

    /** A dictionary from samples of every block (zstd's trainer wants many small samples). */
    private static byte[] train(List<byte[]> rawBlocks) {
        int sample = 16 << 10;
        long total = 0;
        for (byte[] raw : rawBlocks) {
            total += raw.length;
        }
        int budget = (int) Math.min(total, 64L << 20);
        ZstdDictTrainer trainer = new ZstdDictTrainer(budget, DICTIONARY_BYTES);
        long step = Math.max(1, total / budget);
        long seen = 0;
        for (byte[] raw : rawBlocks) {
            for (int at = 0; at + sample <= raw.length; at += sample) {
                if (seen++ % step == 0 && !trainer.addSample(java.util.Arrays.copyOfRange(raw, at, at + sample))) {
                    break;
                }
            }
        }
        try {
            return trainer.trainSamples();
        } catch (RuntimeException e) {
            return new byte[0]; // too few or too uniform samples: compress without one
        }
    }

    private static ByteSink copy(ByteBuffer file) {
        ByteSink out = new ByteSink(file.remaining());
        out.writeBytes(file, 0, file.capacity());
        return out;
    }
}
