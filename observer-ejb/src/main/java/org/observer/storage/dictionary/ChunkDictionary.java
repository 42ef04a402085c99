package org.observer.storage.dictionary;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.observer.storage.CorruptIndexException;
import org.observer.storage.StorageFormat;
import org.observer.storage.UnsupportedFormatException;
import org.observer.storage.io.BlockCache;
import org.observer.storage.io.BlockCompressor;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Bytes;
import org.observer.storage.io.Decoding;
import org.observer.storage.io.Headers;
import org.observer.storage.io.IntList;
import org.observer.storage.io.VarInts;
import org.observer.storage.io.Zstds;


/**
 * The sorted keyword dictionary of a chunk ({@code .dict}), read from the mapping: one entry per
 * term with its shapes and explicit ordinals in every field it occurs in, so an any-field lookup
 * is one entry. Entries are front-coded in zstd-compressed blocks; a lookup binary-searches the
 * blocks' first terms (kept uncompressed), decompresses one block and scans it. Thread-safe.
 * See {@link StorageFormat} for the bytes.
 */
public final class ChunkDictionary {

    private static final int TABLE_ENTRY_BYTES = 16;
    /** Every this many entries of a block, {@link Block} keeps a whole term to start a lookup from. */
    private static final int RESTART = 16;

    private final Path file;
    private final ByteBuffer buffer;
    private final int documents;
    private final int shapeCount;
    private final String[] fieldNames;
    private final Map<String, Integer> fieldIds;
    private final int blocks;
    private final int table;
    /** Version 5 entries shift the field id past a positions flag; older ones past the "more" bit only. */
    private final int fieldShift;
    /** Version 8 blocks keep their terms' lengths, suffixes and postings in three sections; older ones interleave them. */
    private final boolean sectioned;
    /** Per-block filters of rare numbers in text fields (cold chunks), or null. */
    private final BlockFilters.Section filters;
    /** The short prefixes of the filtered terms with their documents (version 7 on), or null: see {@link FilteredPrefixes}. */
    private final ChunkDictionary prefixes;

    /**
     * One term's documents, per field: its shapes and its explicit ordinals
     * ({@code docFreq == documents} means every document, and then no list is stored).
     */
    public static final class Refs {
        public int count;
        public int[] fields = new int[4];
        public int[][] shapes = new int[4][];
        public int[] docFreqs = new int[4];
        public int[][] ordinals = new int[4][];
        /** Each entry's position bytes, one per ordinal (see {@link StorageFormat}), or null. */
        public byte[][] positions = new byte[4][];
        /** The term of each entry, kept only when asked for (a terms aggregation needs them). */
        public String[] terms;

        /** Refs that also record each entry's term. */
        public static Refs withTerms() {
            Refs refs = new Refs();
            refs.terms = new String[4];
            return refs;
        }

        void add(int field, int[] fieldShapes, int docFreq, int[] fieldOrdinals, byte[] fieldPositions) {
            if (count == docFreqs.length) {
                positions = Arrays.copyOf(positions, count * 2);
                fields = Arrays.copyOf(fields, count * 2);
                shapes = Arrays.copyOf(shapes, count * 2);
                docFreqs = Arrays.copyOf(docFreqs, count * 2);
                ordinals = Arrays.copyOf(ordinals, count * 2);
                if (terms != null) {
                    terms = Arrays.copyOf(terms, count * 2);
                }
            }
            fields[count] = field;
            shapes[count] = fieldShapes;
            docFreqs[count] = docFreq;
            ordinals[count] = fieldOrdinals;
            positions[count] = fieldPositions;
            count++;
        }
    }

    public ChunkDictionary(Path file, ByteBuffer buffer, int documents, int shapeCount)
            throws CorruptIndexException, UnsupportedFormatException {
        this.file = file;
        this.buffer = buffer;
        this.documents = documents;
        this.shapeCount = shapeCount;
        try {
            ByteCursor in = new ByteCursor(buffer, 0);
            int version = Headers.check(file, in, StorageFormat.DICT_MAGIC);
            int fieldCount = in.readInt();
            if (fieldCount < 0 || fieldCount > buffer.capacity()) {
                throw new CorruptIndexException(file, "inconsistent field count " + fieldCount);
            }
            fieldNames = new String[fieldCount];
            fieldIds = new HashMap<>(fieldCount * 2);
            for (int i = 0; i < fieldCount; i++) {
                fieldNames[i] = new String(in.readLengthPrefixed(), StandardCharsets.UTF_8);
                fieldIds.put(fieldNames[i], i);
            }
            in.readInt(); // term count: for tools; lookups do not need it
            this.blocks = in.readInt();
            int filtersPosition = version >= 4 ? in.readInt() : 0;
            int prefixesPosition = version >= StorageFormat.PREFIXES_VERSION ? in.readInt() : 0;
            this.fieldShift = version >= 5 ? 2 : 1;
            this.sectioned = version >= StorageFormat.SECTIONED_DICTIONARY_VERSION;
            this.table = in.position;
            int prefixesEnd = filtersPosition == 0 ? buffer.capacity() : filtersPosition;
            if (blocks < 0 || (long) table + TABLE_ENTRY_BYTES * (long) blocks > buffer.capacity()
                    || filtersPosition < 0 || filtersPosition > buffer.capacity()
                    || prefixesPosition < 0 || prefixesPosition > prefixesEnd
                    || (prefixesPosition > 0 && (filtersPosition == 0 || prefixesPosition <= table))) {
                throw new CorruptIndexException(file, "inconsistent dictionary header");
            }
            this.filters = filtersPosition == 0 ? null : new BlockFilters.Section(buffer, filtersPosition);
            this.prefixes = prefixesPosition == 0 ? null
                    : new ChunkDictionary(file, buffer.slice(prefixesPosition, prefixesEnd - prefixesPosition), documents, 0);
        } catch (RuntimeException e) {
            throw Decoding.corrupt(file, "malformed dictionary header", e);
        }
    }

    /** The per-block filters of a cold chunk's rare numbers, or null (see {@link BlockFilters}). */
    public BlockFilters.Section filters() {
        return filters;
    }

    /**
     * The filtered terms' first {@link FilteredPrefixes#LENGTH} characters, each with the
     * documents holding a filtered term with that prefix in each field: a dictionary of the same
     * layout nested in this one; null when the chunk has no filters or was written before
     * version 7 (a prefix then reads every record back).
     */
    public ChunkDictionary prefixes() {
        return prefixes;
    }

    public String fieldName(int id) {
        return fieldNames[id];
    }

    public int fieldCount() {
        return fieldNames.length;
    }

    /** The chunk's id of {@code field}, or -1 if no document of the chunk has it. */
    public int fieldId(String field) {
        Integer id = fieldIds.get(field);
        return id == null ? -1 : id;
    }

    /** Builds a {@code .dict}: call {@link #term} in ascending term order, then {@link #finish}. */
    public static final class Writer {
        private final String[] fieldNames;
        private final int documents;
        private final int zstdLevel;
        private final int blockBytes;
        /** The current block's postings; its terms' front coding goes to the two sinks below. */
        private final ByteSink block;
        private final ByteSink termLengths;
        private final ByteSink suffixes;
        private final Executor compressor;
        private final List<byte[]> rawBlocks = new ArrayList<>();
        private final ByteSink firstTerms = new ByteSink(1 << 12);
        private final IntList firstTermPositions = new IntList(64);
        private byte[] previous = new byte[64];
        private int previousLength;
        private int count;
        /** The first ordinal of the block's last list: the next list's first is written as its difference. */
        private int previousFirst;
        private int pendingFields;
        private byte[][] compressed;

        public Writer(String[] sortedFieldNames, int documents, int zstdLevel, Executor compressor) {
            this(sortedFieldNames, documents, zstdLevel, compressor, StorageFormat.DICT_BLOCK_RAW_BYTES);
        }

        /** @param blockBytes raw bytes of entries per compressed block (cold chunks: more, for a better ratio) */
        public Writer(String[] sortedFieldNames, int documents, int zstdLevel, Executor compressor, int blockBytes) {
            this.blockBytes = blockBytes;
            this.block = new ByteSink(blockBytes * 2);
            this.termLengths = new ByteSink(blockBytes / 2);
            this.suffixes = new ByteSink(blockBytes);
            this.fieldNames = sortedFieldNames;
            this.documents = documents;
            this.zstdLevel = zstdLevel;
            this.compressor = compressor;
        }

        /** Starts the entry of a term (UTF-8 in {@code term[0..length)}, greater than the previous one) with {@code fields} fields. */
        public void term(byte[] term, int length, int fields) {
            term(term, 0, length, fields);
        }

        /** The next term, {@code bytes[at, at + length)}, with the number of fields that follow. */
        public void term(byte[] bytes, int at, int length, int fields) {
            if (compressed != null) {
                throw new IllegalStateException("the entries are compressed already");
            }
            if (pendingFields != 0) {
                throw new IllegalStateException("previous term has " + pendingFields + " fields left");
            }
            if (block.size() + termLengths.size() + suffixes.size() >= blockBytes) {
                flush();
            }
            int shared = 0;
            if (termLengths.size() == 0) {
                firstTermPositions.add(firstTerms.size());
                firstTerms.writeVInt(length);
                firstTerms.writeBytes(bytes, at, length);
            } else {
                int max = Math.min(previousLength, length);
                while (shared < max && previous[shared] == bytes[at + shared]) {
                    shared++;
                }
            }
            termLengths.writeVInt(shared);
            termLengths.writeVInt(length - shared);
            suffixes.writeBytes(bytes, at + shared, length - shared);
            if (previous.length < length) {
                previous = new byte[Math.max(length, previous.length * 2)];
            }
            System.arraycopy(bytes, at, previous, 0, length);
            previousLength = length;
            pendingFields = fields;
            count++;
        }

        /**
         * One field of the current term: the shapes holding it ({@code shapes[0..shapeCount)},
         * ascending chunk shape ids) and its explicit ordinals ({@code ordinals[0..docFreq)},
         * ascending; not stored when they are all the chunk's documents).
         */
        public void field(int field, int[] shapes, int shapeCount, int[] ordinals, int docFreq) {
            field(field, shapes, shapeCount, ordinals, docFreq, null);
        }

        /**
         * Like {@link #field(int, int[], int, int[], int)}, with the {@link GapPositions} byte of
         * each ordinal ({@code positions[0..docFreq)}, null: none); they are kept when the entry
         * lists {@link StorageFormat#POSITIONS_MIN_DOCUMENTS}+ documents and knows some.
         */
        public void field(int field, int[] shapes, int shapeCount, int[] ordinals, int docFreq, byte[] positions) {
            if (pendingFields <= 0) {
                throw new IllegalStateException("more fields than announced");
            }
            pendingFields--;
            boolean withPositions = positions != null && docFreq >= StorageFormat.POSITIONS_MIN_DOCUMENTS
                    && docFreq < documents && GapPositions.anyKnown(positions, docFreq);
            block.writeVInt(field << 2 | (withPositions ? 2 : 0) | (pendingFields > 0 ? 1 : 0));
            block.writeVInt(shapeCount);
            int last = 0;
            for (int i = 0; i < shapeCount; i++) {
                block.writeVInt(shapes[i] - last);
                last = shapes[i];
            }
            block.writeVInt(docFreq);
            if (docFreq < documents && docFreq > 0) {
                int delta = ordinals[0] - previousFirst;
                block.writeVInt(delta << 1 ^ delta >> 31);
                previousFirst = ordinals[0];
                for (int i = 1; i < docFreq; i++) {
                    block.writeVInt(ordinals[i] - ordinals[i - 1]);
                }
            }
            if (withPositions) {
                for (int start = 0; start < docFreq; ) {
                    int end = start + 1;
                    while (end < docFreq && positions[end] == positions[start]) {
                        end++;
                    }
                    block.writeByte(positions[start]);
                    block.writeVInt(end - start);
                    start = end;
                }
            }
        }

        /** The block's three sections, like next to like (see {@link StorageFormat}). */
        private void flush() {
            ByteSink raw = new ByteSink(10 + termLengths.size() + suffixes.size() + block.size());
            raw.writeVInt(termLengths.size());
            raw.writeVInt(suffixes.size());
            raw.writeBytes(termLengths.array(), 0, termLengths.size());
            raw.writeBytes(suffixes.array(), 0, suffixes.size());
            raw.writeBytes(block.array(), 0, block.size());
            rawBlocks.add(Arrays.copyOf(raw.array(), raw.size()));
            termLengths.reset();
            suffixes.reset();
            block.reset();
            previousFirst = 0;
        }

        public ByteSink finish() throws IOException {
            return finish(null);
        }

        /**
         * Compresses the entries written so far; no entry may follow. {@link #finish} does it when
         * not done yet: calling it first lets the thread that wrote the entries compress them
         * before the filters (which wait for the data blocks) are known.
         */
        public void compressBlocks() throws IOException {
            if (compressed != null) {
                return;
            }
            if (termLengths.size() > 0) {
                flush();
            }
            compressed = BlockCompressor.compress(rawBlocks, zstdLevel, compressor);
        }

        /** Writes the dictionary, followed by {@code filters} ({@link BlockFilters#section}; null: none). */
        public ByteSink finish(ByteSink filters) throws IOException {
            return finish(null, filters);
        }

        /**
         * Writes the dictionary, followed by {@code prefixes} (a dictionary of the filtered terms'
         * prefixes, {@link FilteredPrefixes}; null: none, and always none without filters) and
         * {@code filters} ({@link BlockFilters#section}; null: none).
         */
        public ByteSink finish(ByteSink prefixes, ByteSink filters) throws IOException {
            if (prefixes != null && filters == null) {
                throw new IllegalArgumentException("prefixes of filtered terms without filters");
            }
            compressBlocks();
            int n = compressed.length;
            long blocksLength = 0;
            for (byte[] c : compressed) {
                blocksLength += c.length;
            }
            long filterBytes = filters == null ? 0 : filters.size();
            long prefixBytes = prefixes == null ? 0 : prefixes.size();
            ByteSink out = new ByteSink((int) Math.min(Integer.MAX_VALUE - 64, 64 + fieldNames.length * 16L
                    + (long) n * TABLE_ENTRY_BYTES + firstTerms.size() + blocksLength + prefixBytes + filterBytes));
            Headers.write(out, StorageFormat.DICT_MAGIC);
            out.writeInt(fieldNames.length);
            for (String name : fieldNames) {
                out.writeLengthPrefixed(name.getBytes(StandardCharsets.UTF_8));
            }
            out.writeInt(count);
            out.writeInt(n);
            int termsBase = out.size() + 8 + n * TABLE_ENTRY_BYTES;
            int position = termsBase + firstTerms.size();
            out.writeInt(filters == null ? 0 : (int) (position + blocksLength + prefixBytes));
            out.writeInt(prefixes == null ? 0 : (int) (position + blocksLength));
            for (int b = 0; b < n; b++) {
                out.writeInt(termsBase + firstTermPositions.get(b));
                out.writeInt(position);
                out.writeInt(compressed[b].length);
                out.writeInt(rawBlocks.get(b).length);
                position += compressed[b].length;
            }
            out.writeBytes(firstTerms.array(), 0, firstTerms.size());
            for (byte[] c : compressed) {
                out.writeBytes(c, 0, c.length);
            }
            if (prefixes != null) {
                out.writeBytes(prefixes.array(), 0, prefixes.size());
            }
            if (filters != null) {
                out.writeBytes(filters.array(), 0, filters.size());
            }
            return out;
        }
    }

    /** The same dictionary with every block recompressed at {@code level} (compaction). */
    public static ByteSink recompress(ByteBuffer file, int level, Executor compressor) throws IOException {
        ByteCursor in = new ByteCursor(file, StorageFormat.HEADER_BYTES);
        int fieldCount = in.readInt();
        for (int i = 0; i < fieldCount; i++) {
            in.skip(in.readVInt());
        }
        in.readInt(); // term count
        int blocks = in.readInt();
        if (file.getInt(4) >= 4 && in.readInt() != 0) {
            throw new IOException("a dictionary with filters is cold already");
        }
        if (file.getInt(4) >= StorageFormat.PREFIXES_VERSION) {
            in.readInt(); // prefixes position: 0 without filters
        }
        int table = in.position;
        List<byte[]> raw = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            int entry = table + TABLE_ENTRY_BYTES * b;
            byte[] block = Zstds.decompress(file, file.getInt(entry + 4), file.getInt(entry + 8), file.getInt(entry + 12), null);
            if (block == null) {
                throw new IOException("dictionary block " + b + " does not decompress");
            }
            raw.add(block);
        }
        byte[][] recompressed = BlockCompressor.compress(raw, level, compressor);
        int firstTerms = table + TABLE_ENTRY_BYTES * blocks;
        int firstTermsEnd = blocks == 0 ? firstTerms : file.getInt(table + 4);
        long total = firstTermsEnd;
        for (byte[] c : recompressed) {
            total += c.length;
        }
        ByteSink out = new ByteSink((int) total);
        out.writeBytes(file, 0, table);
        int position = firstTermsEnd;
        for (int b = 0; b < blocks; b++) {
            int entry = table + TABLE_ENTRY_BYTES * b;
            out.writeInt(file.getInt(entry));
            out.writeInt(position);
            out.writeInt(recompressed[b].length);
            out.writeInt(raw.get(b).length);
            position += recompressed[b].length;
        }
        out.writeBytes(file, firstTerms, firstTermsEnd - firstTerms);
        for (byte[] c : recompressed) {
            out.writeBytes(c, 0, c.length);
        }
        return out;
    }

    /** Which terms of a range a scan takes: {@code term[0..length)} in UTF-8. */
    @FunctionalInterface
    public interface TermFilter {
        boolean accept(byte[] term, int length);
    }

    /** Adds the postings of {@code term} in {@code field} (-1: any field); false if it has none. */
    public boolean lookup(byte[] term, int field, Refs refs) throws CorruptIndexException {
        int before = refs.count;
        scan(term, term, true, field, null, refs);
        return refs.count > before;
    }

    /**
     * Adds the postings in {@code field} (-1: any field) of every term {@code t} with
     * {@code from <= t} and {@code t < to} ({@code t <= to} if {@code toInclusive}; {@code to}
     * null: no end) that {@code filter} (null: all) accepts.
     */
    public void scan(byte[] from, byte[] to, boolean toInclusive, int field, TermFilter filter, Refs refs)
            throws CorruptIndexException {
        int lo = 0;
        int hi = blocks - 1;
        int found = 0; // last block whose first term is <= from (or the first block)
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compareFirstTerm(mid, from) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int b = found; b < blocks; b++) {
            if (b > found && to != null) {
                int c = compareFirstTerm(b, to);
                if (c > 0 || (c == 0 && !toInclusive)) {
                    return; // the block starts past the end: no need to decompress it
                }
            }
            Block block = block(b);
            try {
                if (!scan(block, from, to, toInclusive, field, filter, refs)) {
                    return;
                }
            } catch (RuntimeException e) {
                throw Decoding.corrupt(file, "malformed block " + b, e);
            }
        }
    }

    /**
     * One block of {@link #scan}; false once past {@code to}. Starts at the last restart entry at
     * or before {@code from} when the block has them (see {@link Block}), else at its first entry,
     * and skips the postings of terms it does not want without decoding them.
     */
    private boolean scan(Block block, byte[] from, byte[] to, boolean toInclusive, int field, TermFilter filter,
                         Refs refs) {
        byte[] raw = block.raw;
        int limit = raw.length;
        if (limit == 0) {
            return true;
        }
        Walk walk = new Walk(raw, sectioned);
        VInts in = walk.postings;
        Term term = new Term();
        Restarts restarts = block.restarts;
        if (restarts != null) {
            int restart = restarts.atOrBefore(from);
            walk.lengths.position = restarts.lengths[restart];
            walk.suffixes.position = restarts.suffixes[restart];
            walk.previousFirst = restarts.firsts[restart];
            in.position = restarts.postings[restart];
            term.set(restarts.terms, restarts.termStarts[restart], restarts.termStarts[restart + 1]);
        } else {
            term.next(walk);
        }
        // Seek the first term at or past `from`. `matched` is how many leading bytes the current term
        // shares with `from`: a next term sharing more with the current one is below `from` too, one
        // sharing fewer is past it, so only the bytes of one sharing exactly as many are compared.
        int matched = matched(term.bytes, 0, term.length, from);
        while (below(term.bytes, term.length, from, matched)) {
            skipEntry(walk);
            if (in.position >= limit) {
                return true;
            }
            term.next(walk);
            if (term.shared < matched) {
                matched = term.shared;
            } else if (term.shared == matched) {
                matched = matched(term.bytes, matched, term.length, from);
            }
        }
        while (true) {
            if (to != null) {
                int c = Arrays.compareUnsigned(term.bytes, 0, term.length, to, 0, to.length);
                if (c > 0 || (c == 0 && !toInclusive)) {
                    return false;
                }
            }
            readPostings(walk, filter == null || filter.accept(term.bytes, term.length), field, term.bytes, term.length, refs);
            if (in.position >= limit) {
                return true;
            }
            term.next(walk);
        }
    }

    /** The term of the entry a walk is at, rebuilt from each entry's front coding. */
    private static final class Term {
        byte[] bytes = new byte[64];
        int length;
        /** How many leading bytes it shares with the term before it. */
        int shared;

        void set(byte[] source, int from, int to) {
            length = to - from;
            if (length > bytes.length) {
                bytes = new byte[length];
            }
            System.arraycopy(source, from, bytes, 0, length);
        }

        /** Reads the next entry's term; a malformed one fails here, before its lengths size an array. */
        void next(Walk walk) {
            shared = walk.lengths.read();
            int suffix = walk.lengths.read();
            VInts in = walk.suffixes;
            if (shared < 0 || shared > length || suffix < 0 || suffix > walk.suffixesEnd - in.position) {
                throw new IllegalStateException("entry lengths " + shared + "+" + suffix + " out of range");
            }
            if (shared + suffix > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(shared + suffix, bytes.length * 2));
            }
            System.arraycopy(in.bytes, in.position, bytes, shared, suffix);
            in.position += suffix;
            length = shared + suffix;
        }
    }

    /**
     * Where a walk through a block reads: each entry's term lengths (shared prefix, suffix length),
     * its suffix bytes and its postings. In a version 8 block these are three sections, in an older
     * one a single cursor reads them all in turn.
     */
    private static final class Walk {
        final VInts lengths;
        final VInts suffixes;
        final VInts postings;
        /** Where the suffix bytes end: a suffix length may not reach past it. */
        final int suffixesEnd;
        /** Version 8: a list's first ordinal is the zig-zag difference to the block's previous list's first. */
        final boolean relativeFirsts;
        /** The first ordinal of the last list read or skipped. */
        int previousFirst;

        /** The first ordinal of a list, from its first stored value. */
        int first(int stored) {
            if (!relativeFirsts) {
                return stored;
            }
            int first = previousFirst + (stored >>> 1 ^ -(stored & 1));
            if (first < 0) {
                throw new IllegalStateException("first ordinal " + first + " below 0");
            }
            previousFirst = first;
            return first;
        }

        Walk(byte[] raw, boolean sectioned) {
            relativeFirsts = sectioned;
            postings = new VInts(raw);
            if (!sectioned) {
                lengths = postings;
                suffixes = postings;
                suffixesEnd = raw.length;
                return;
            }
            int lengthsSize = postings.read();
            int suffixesSize = postings.read();
            int start = postings.position;
            if (lengthsSize < 0 || suffixesSize < 0 || (long) start + lengthsSize + suffixesSize > raw.length) {
                throw new IllegalStateException("block sections " + lengthsSize + "+" + suffixesSize + " out of range");
            }
            lengths = new VInts(raw);
            lengths.position = start;
            suffixes = new VInts(raw);
            suffixes.position = start + lengthsSize;
            suffixesEnd = suffixes.position + suffixesSize;
            postings.position = suffixesEnd;
        }
    }

    /** How many leading bytes {@code term[0..length)} shares with {@code target}, knowing the first {@code from} agree. */
    private static int matched(byte[] term, int from, int length, byte[] target) {
        int end = Math.min(length, target.length);
        int at = Arrays.mismatch(term, from, end, target, from, end);
        return at < 0 ? end : from + at;
    }

    /** True if {@code term[0..length)}, which shares its first {@code matched} bytes with {@code target}, sorts before it. */
    private static boolean below(byte[] term, int length, byte[] target, int matched) {
        if (matched == target.length) {
            return false;
        }
        return matched == length || (term[matched] & 0xFF) < (target[matched] & 0xFF);
    }

    /** Skips the postings of one entry, every field. */
    private void skipEntry(Walk walk) {
        VInts in = walk.postings;
        boolean more = true;
        while (more) {
            int header = in.read();
            more = (header & 1) != 0;
            skipField(walk, fieldShift == 2 && (header & 2) != 0);
        }
    }

    /** Reads one entry's postings, field after field, adding the wanted ones to {@code refs}. */
    private void readPostings(Walk walk, boolean inRange, int field, byte[] term, int termLength, Refs refs) {
        VInts in = walk.postings;
        byte[] raw = in.bytes;
        boolean more = true;
        while (more) {
            int header = in.read();
            more = (header & 1) != 0;
            boolean hasPositions = fieldShift == 2 && (header & 2) != 0;
            int id = header >>> fieldShift;
            if (!inRange || (field >= 0 && field != id)) {
                skipField(walk, hasPositions);
                continue;
            }
            int shapes = in.read();
            int[] shapeIds = new int[shapes];
            int shape = 0;
            for (int i = 0; i < shapes; i++) {
                shape += in.read();
                if (shape >= shapeCount) {
                    throw new IllegalStateException("shape " + shape + " out of range");
                }
                shapeIds[i] = shape;
            }
            int docFreq = in.read();
            int[] ordinals = null;
            if (docFreq < documents) {
                ordinals = new int[docFreq];
                int ordinal = 0;
                for (int i = 0; i < docFreq; i++) {
                    ordinal = i == 0 ? walk.first(in.read()) : ordinal + in.read();
                    ordinals[i] = ordinal;
                }
                if (docFreq > 0 && ordinal >= documents) {
                    throw new IllegalStateException("ordinal " + ordinal + " out of range");
                }
            } else if (docFreq > documents) {
                throw new IllegalStateException("docFreq " + docFreq + " above the document count");
            }
            byte[] positions = null;
            if (hasPositions) {
                positions = new byte[docFreq];
                for (int covered = 0; covered < docFreq; ) {
                    byte value = raw[in.position++];
                    int count = in.read();
                    if (count <= 0 || count > docFreq - covered) {
                        throw new IllegalStateException("position run of " + count + " past the list");
                    }
                    Arrays.fill(positions, covered, covered + count, value);
                    covered += count;
                }
            }
            refs.add(id, shapeIds, docFreq, ordinals, positions);
            if (refs.terms != null) {
                refs.terms[refs.count - 1] = new String(term, 0, termLength, StandardCharsets.UTF_8);
            }
        }
    }

    /** Skips one field's postings after its header: shapes, document count, ordinals, position runs. */
    private void skipField(Walk walk, boolean hasPositions) {
        VInts in = walk.postings;
        in.skip(in.read());
        int docFreq = in.read();
        if (docFreq < documents) {
            if (docFreq > 0) {
                walk.first(in.read()); // the next list's first ordinal may be written relative to it
                in.skip(docFreq - 1);
            }
        } else if (docFreq > documents) {
            throw new IllegalStateException("docFreq " + docFreq + " above the document count");
        }
        if (hasPositions) {
            for (int covered = 0; covered < docFreq; ) {
                in.position++; // the run's byte
                int count = in.read();
                if (count <= 0) {
                    throw new IllegalStateException("empty position run");
                }
                covered += count;
            }
        }
    }

    /** A decompressed block, and its restart entries once it has been read twice. */
    private static final class Block {
        final byte[] raw;
        /** Null until the block is read a second time from the cache: most blocks a miss brings in are read once. */
        volatile Restarts restarts;

        Block(byte[] raw) {
            this.raw = raw;
        }
    }

    /**
     * For every {@link #RESTART}th entry of a block, its whole term and where its postings start.
     * Entries are front-coded, so without these a lookup walks half the block (hundreds of entries)
     * to find one term; with them it walks at most {@code RESTART}. Kept in memory only.
     */
    private static final class Restarts {
        /** Where the postings of entry {@code r * RESTART} start, and where the next entry's term lengths and suffix start. */
        final int[] postings;
        final int[] lengths;
        final int[] suffixes;
        /** The walk's previous first ordinal at each restart. */
        final int[] firsts;
        /** The terms of those entries, one after the other: term r is {@code [termStarts[r], termStarts[r + 1])}. */
        final byte[] terms;
        final int[] termStarts;

        Restarts(int[] postings, int[] lengths, int[] suffixes, int[] firsts, byte[] terms, int[] termStarts) {
            this.postings = postings;
            this.firsts = firsts;
            this.lengths = lengths;
            this.suffixes = suffixes;
            this.terms = terms;
            this.termStarts = termStarts;
        }

        /** The last restart whose term is at most {@code term}, or 0 if {@code term} precedes them all. */
        int atOrBefore(byte[] term) {
            int lo = 1;
            int hi = postings.length - 1;
            int found = 0;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (Arrays.compareUnsigned(terms, termStarts[mid], termStarts[mid + 1], term, 0, term.length) <= 0) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }
    }

    /** Walks the whole block once to note its restart entries. */
    private Restarts restarts(byte[] raw) {
        Walk walk = new Walk(raw, sectioned);
        VInts in = walk.postings;
        Term term = new Term();
        int[] postings = new int[16];
        int[] lengths = new int[16];
        int[] suffixes = new int[16];
        int[] firsts = new int[16];
        int[] termStarts = new int[17];
        ByteSink terms = new ByteSink(1024);
        int restarts = 0;
        for (int entry = 0; in.position < raw.length; entry++) {
            term.next(walk);
            if (entry % RESTART == 0) {
                if (restarts == postings.length) {
                    postings = Arrays.copyOf(postings, restarts * 2);
                    lengths = Arrays.copyOf(lengths, restarts * 2);
                    suffixes = Arrays.copyOf(suffixes, restarts * 2);
                    firsts = Arrays.copyOf(firsts, restarts * 2);
                    termStarts = Arrays.copyOf(termStarts, restarts * 2 + 1);
                }
                postings[restarts] = in.position;
                lengths[restarts] = walk.lengths.position;
                suffixes[restarts] = walk.suffixes.position;
                firsts[restarts] = walk.previousFirst;
                terms.writeBytes(term.bytes, 0, term.length);
                termStarts[++restarts] = terms.size();
            }
            skipEntry(walk);
        }
        return new Restarts(Arrays.copyOf(postings, restarts), Arrays.copyOf(lengths, restarts),
                Arrays.copyOf(suffixes, restarts), Arrays.copyOf(firsts, restarts), Arrays.copyOf(terms.array(), terms.size()),
                Arrays.copyOf(termStarts, restarts + 1));
    }

    /** Varints of a decompressed block, read straight from its array (a bad one throws out of bounds). */
    private static final class VInts {
        private final byte[] bytes;
        int position;

        VInts(byte[] bytes) {
            this.bytes = bytes;
        }

        int read() {
            long read = VarInts.read(bytes, position);
            position = VarInts.next(read);
            return VarInts.value(read);
        }

        /** Skips {@code count} varints: each ends at a byte below 0x80. */
        void skip(int count) {
            position = Bytes.afterVarints(bytes, position, count);
        }
    }

    private Block block(int number) throws CorruptIndexException {
        Block cached = (Block) BlockCache.DICTIONARY.get(this, number);
        if (cached != null) {
            if (cached.restarts == null) {
                try {
                    cached.restarts = restarts(cached.raw);
                } catch (RuntimeException e) {
                    throw Decoding.corrupt(file, "malformed block " + number, e);
                }
            }
            return cached;
        }
        int entry = table + TABLE_ENTRY_BYTES * number;
        int position = buffer.getInt(entry + 4);
        int compressedLength = buffer.getInt(entry + 8);
        int rawLength = buffer.getInt(entry + 12);
        if (position < 0 || compressedLength < 0 || rawLength < 0 || rawLength > (64 << 20)
                || (long) position + compressedLength > buffer.capacity()) {
            throw new CorruptIndexException(file, "block " + number + " out of bounds");
        }
        byte[] raw = Zstds.decompress(buffer, position, compressedLength, rawLength, null);
        if (raw == null) {
            throw new CorruptIndexException(file, "block " + number + " does not decompress");
        }
        Block block = new Block(raw);
        // With its restarts, about a tenth more (a whole term and an int per 16 entries).
        BlockCache.DICTIONARY.put(this, number, block, raw.length + raw.length / 10 + 64L);
        return block;
    }

    private int compareFirstTerm(int block, byte[] term) {
        ByteCursor in = new ByteCursor(buffer, buffer.getInt(table + TABLE_ENTRY_BYTES * block));
        int length = in.readVInt();
        int start = in.position;
        int common = Math.min(length, term.length);
        for (int i = 0; i < common; i++) {
            int c = Integer.compare(buffer.get(start + i) & 0xFF, term[i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(length, term.length);
    }
}
