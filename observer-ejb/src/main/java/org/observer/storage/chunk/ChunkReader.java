package org.observer.storage.chunk;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.observer.storage.Aggregation;
import org.observer.storage.CorruptIndexException;
import org.observer.storage.StorageFormat;
import org.observer.storage.dictionary.BlockFilters;
import org.observer.storage.dictionary.ChunkDictionary;
import org.observer.storage.dictionary.FilteredPrefixes;
import org.observer.storage.io.BlockCache;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.Decoding;
import org.observer.storage.io.Headers;
import org.observer.storage.io.IntList;
import org.observer.storage.io.MappedBuffers;
import org.observer.storage.io.Zstds;
import org.observer.storage.search.Candidate;
import org.observer.storage.search.DocMatcher;
import org.observer.storage.search.PlanMatcher;
import org.observer.storage.search.PreparedQuery;
import org.observer.storage.search.Shapes;
import org.observer.storage.search.TermKeys;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictDecompress;

/**
 * A sealed, immutable chunk. Loading reads only the meta and checks the other files exist with
 * the right length; the data files are mapped and checksummed the first time a search needs
 * them, so chunks outside every searched time range cost no I/O. Thread-safe.
 */
public final class ChunkReader implements Candidate.Chunk {

    private final Path dir;
    public final ChunkMeta meta;
    private final long metaLength;
    private final Path[] files;

    private volatile Mapped mapped;
    private CorruptIndexException failure;

    /**
     * @param fieldTerms per field id, every term of that field with its postings, for terms
     *                   aggregations; kept only for fields with few terms (see {@link #termsOf})
     */
    private record Mapped(MappedByteBuffer[] buffers, ChunkDictionary dictionary, TimestampColumn timestamps,
                          LazyShapes shapes, ZstdDictDecompress zstdDictionary,
                          java.util.Map<Integer, ChunkDictionary.Refs> fieldTerms) {
        ByteBuffer data() {
            return buffers[ChunkMeta.FILE_DATA];
        }
    }

    /**
     * The shape column, decoded on first need: a query on rare words with digits (ids, numbers)
     * never needs it, and decoding it is most of the cost of a first search of a big chunk.
     */
    private static final class LazyShapes {
        final int count;
        volatile ChunkShapes decoded;

        LazyShapes(int count) {
            this.count = count;
        }
    }

    private ChunkShapes shapes(Mapped m) throws CorruptIndexException {
        LazyShapes lazy = m.shapes();
        ChunkShapes decoded = lazy.decoded;
        if (decoded == null) {
            synchronized (lazy) {
                decoded = lazy.decoded;
                if (decoded == null) {
                    decoded = ChunkShapes.read(files[ChunkMeta.FILE_POSTINGS], m.buffers()[ChunkMeta.FILE_POSTINGS],
                            meta.documents);
                    if (decoded.count() != lazy.count) {
                        throw new CorruptIndexException(files[ChunkMeta.FILE_POSTINGS], "shape count changed");
                    }
                    lazy.decoded = decoded;
                }
            }
        }
        return decoded;
    }

    private ChunkReader(Path dir, ChunkMeta meta, long metaLength) {
        this.dir = dir;
        this.meta = meta;
        this.metaLength = metaLength;
        String[] names = StorageFormat.chunkDataFiles(meta.number);
        this.files = new Path[names.length];
        for (int i = 0; i < names.length; i++) {
            files[i] = dir.resolve(names[i]);
        }
    }

    public static ChunkReader load(Path dir, int number) throws IOException {
        Path metaFile = dir.resolve(StorageFormat.chunkFile(number, StorageFormat.META_EXT));
        ChunkMeta meta = ChunkMeta.read(metaFile);
        if (meta.number != number) {
            throw new CorruptIndexException(metaFile, "describes chunk " + meta.number);
        }
        ChunkReader reader = new ChunkReader(dir, meta, Files.size(metaFile));
        for (int i = 0; i < reader.files.length; i++) {
            Path file = reader.files[i];
            if (!Files.exists(file)) {
                throw new CorruptIndexException(file, "missing");
            }
            long length = Files.size(file);
            if (length != meta.fileLengths[i]) {
                throw new CorruptIndexException(file, "length " + length + ", expected " + meta.fileLengths[i]);
            }
        }
        return reader;
    }

    @Override
    public int number() {
        return meta.number;
    }

    public long diskBytes() {
        return meta.diskBytes(metaLength);
    }

    public boolean isMapped() {
        return mapped != null;
    }

    /** Bytes of this chunk's files mapped now (0 until a search needs them). */
    public long mappedBytes() {
        Mapped m = mapped;
        if (m == null) {
            return 0;
        }
        long bytes = 0;
        for (java.nio.ByteBuffer buffer : m.buffers()) {
            bytes += buffer == null ? 0 : buffer.capacity();
        }
        return bytes;
    }

    private Mapped map() throws IOException {
        Mapped current = mapped;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (mapped != null) {
                return mapped;
            }
            if (failure != null) {
                throw failure;
            }
            MappedByteBuffer[] buffers = new MappedByteBuffer[files.length];
            try {
                for (int i = 0; i < files.length; i++) {
                    buffers[i] = MappedBuffers.mapReadOnly(files[i]);
                    verify(files[i], buffers[i], meta.fileLengths[i], meta.fileCrcs[i]);
                }
                int dataVersion = Headers.check(files[ChunkMeta.FILE_DATA], new ByteCursor(buffers[ChunkMeta.FILE_DATA], 0),
                        StorageFormat.DATA_MAGIC);
                if ((dataVersion >= StorageFormat.LINES_VERSION) != (meta.version >= StorageFormat.LINES_VERSION)) {
                    // the blocks' heads are read by the meta's version: they must agree
                    throw new CorruptIndexException(files[ChunkMeta.FILE_DATA], "version " + dataVersion
                            + " beside a meta of version " + meta.version);
                }
                Headers.check(files[ChunkMeta.FILE_POSTINGS], new ByteCursor(buffers[ChunkMeta.FILE_POSTINGS], 0),
                        StorageFormat.POSTINGS_MAGIC);
                int shapeCount = ChunkShapes.count(files[ChunkMeta.FILE_POSTINGS], buffers[ChunkMeta.FILE_POSTINGS],
                        meta.documents);
                ChunkDictionary dictionary = new ChunkDictionary(files[ChunkMeta.FILE_DICT], buffers[ChunkMeta.FILE_DICT],
                        meta.documents, shapeCount);
                TimestampColumn timestamps = new TimestampColumn(files[ChunkMeta.FILE_TIMESTAMPS],
                        buffers[ChunkMeta.FILE_TIMESTAMPS]);
                if (timestamps.documents() != meta.documents) {
                    throw new CorruptIndexException(files[ChunkMeta.FILE_TIMESTAMPS], "document count disagrees with meta");
                }
                mapped = new Mapped(buffers, dictionary, timestamps, new LazyShapes(shapeCount), readZstdDictionary(buffers[ChunkMeta.FILE_DATA]),
                        new java.util.concurrent.ConcurrentHashMap<>());
                return mapped;
            } catch (CorruptIndexException e) {
                unmapAll(buffers);
                failure = e; // corrupt stays corrupt: do not re-read on every search
                throw e;
            } catch (NoSuchFileException e) {
                unmapAll(buffers);
                failure = new CorruptIndexException(Path.of(e.getFile()), "missing", e);
                throw failure;
            } catch (RuntimeException e) {
                // a count, length or position past what the checksummed bytes hold
                unmapAll(buffers);
                failure = malformed(e);
                throw failure;
            } catch (IOException e) {
                unmapAll(buffers);
                throw e;
            }
        }
    }

    /** The zstd dictionary at the start of the data file (compacted chunks), or null. */
    private ZstdDictDecompress readZstdDictionary(ByteBuffer data) throws CorruptIndexException {
        int length = data.getInt(StorageFormat.HEADER_BYTES);
        if (length < 0 || StorageFormat.HEADER_BYTES + 4L + length > data.capacity()) {
            throw new CorruptIndexException(files[ChunkMeta.FILE_DATA], "bad dictionary length " + length);
        }
        if (length == 0) {
            return null;
        }
        byte[] dictionary = new byte[length];
        data.get(StorageFormat.HEADER_BYTES + 4, dictionary, 0, length);
        return new ZstdDictDecompress(dictionary);
    }

    /** The raw bytes of data block {@code block} (compaction reads every block). */
    byte[] rawBlock(int block) throws IOException {
        Mapped m = map();
        try {
            return decompress(m, block);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    ChunkDictionary dictionary() throws IOException {
        return map().dictionary();
    }

    long timestamp(int ordinal) throws IOException {
        Mapped m = map();
        try {
            return m.timestamps().get(ordinal);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    /** The path of the chunk's file {@code index} (a {@link ChunkMeta} FILE_ constant). */
    Path path(int index) {
        return files[index];
    }

    /** The chunk's whole file {@code index} (a {@link ChunkMeta} FILE_ constant), checksummed. */
    ByteBuffer file(int index) throws IOException {
        return map().buffers()[index].duplicate();
    }

    private static void verify(Path file, ByteBuffer buffer, long length, int crc) throws CorruptIndexException {
        if (buffer.capacity() != length) {
            throw new CorruptIndexException(file, "length " + buffer.capacity() + ", expected " + length);
        }
        if (MappedBuffers.crc32c(buffer, 0, buffer.capacity()) != crc) {
            throw new CorruptIndexException(file, "checksum mismatch");
        }
    }

    /**
     * Counts documents matching the query with a timestamp in [from, to), adds the newest
     * {@code size} of them to {@code out} and all of them to the query's aggregation.
     */
    public long collect(PreparedQuery query, long from, long to, int size, List<Candidate> out) throws IOException {
        if (!meta.overlaps(from, to)) {
            return 0;
        }
        try {
            return collectMapped(query, from, to, size, out);
        } catch (IndexOutOfBoundsException | BufferUnderflowException | NegativeArraySizeException
                 | IllegalStateException e) {
            // The files passed their checksums but do not hold together (a writer's bug, or damage
            // resealed): a decoder read a count, length or position past the end, or its own checks
            // failed (the decoders here throw IllegalStateException on malformed bytes). Only these:
            // damage drops the index and rebuilds it from Kafka, which a bug in a query must not do.
            throw malformed(e);
        }
    }

    /** A chunk whose checksummed files do not decode; names the chunk and what went wrong. */
    private CorruptIndexException malformed(RuntimeException e) {
        return Decoding.corrupt(dir.resolve(StorageFormat.chunkFile(meta.number, ".*")), "malformed: " + e, e);
    }

    private long collectMapped(PreparedQuery query, long from, long to, int size, List<Candidate> out) throws IOException {
        Mapped m = map();
        TimestampColumn timestamps = m.timestamps();
        int lo = meta.minTimestamp >= from ? 0 : timestamps.lowerBound(from);
        int hi = meta.maxTimestamp < to ? meta.documents : timestamps.lowerBound(to);
        if (lo >= hi) {
            return 0;
        }
        List<TermKeys.Clause> clauses = query.clauses();
        Aggregation aggregation = query.aggregation();
        if (clauses == null) {
            long[] bits = new PlanMatcher(source(m, lo, hi, query.analysis()), query.analysis(), lo, hi)
                    .match(query.plan());
            aggregate(m, bits, aggregation, query.analysis());
            return newest(bits, timestamps, size, out);
        }
        if (clauses.isEmpty() && aggregation == null) {
            TimestampColumn.Cursor times = timestamps.cursor();
            for (int ordinal = hi - 1; ordinal >= Math.max(lo, hi - size); ordinal--) {
                out.add(new Candidate(times.get(ordinal), this, ordinal));
            }
            return hi - lo;
        }
        int documents = meta.documents;
        PlanMatcher.Source source = source(m, lo, hi, query.analysis());
        DocMatcher.Clause[] resolved = DocMatcher.resolve(clauses, source);
        if (resolved == null) {
            return 0;
        }
        if (aggregation == null && resolved.length == 1 && !resolved[0].all && resolved[0].listCount == 1) {
            return union(resolved[0], resolved[0].shapes == null ? null : shapes(m), timestamps, lo, hi, size, out);
        }
        ChunkShapes shapes = shapes(m);
        boolean[] common = aggregation != null ? null : DocMatcher.shapesOnly(resolved, shapes.count());
        if (common != null) {
            // Only digit-free terms: counts come from the shapes, hits from merging their ordinals.
            long count = 0;
            for (int s = 0; s < common.length; s++) {
                if (common[s]) {
                    count += shapes.countIn(s, lo, hi);
                }
            }
            int[] newest = new int[(int) Math.min(size, count)];
            int found = shapes.newest(common, lo, hi, newest.length, newest);
            TimestampColumn.Cursor times = timestamps.cursor();
            for (int i = 0; i < found; i++) {
                out.add(new Candidate(times.get(newest[i]), this, newest[i]));
            }
            return count;
        }
        long[] bits = DocMatcher.match(resolved, shapes, documents, lo, hi);
        aggregate(m, bits, aggregation, query.analysis());
        return newest(bits, timestamps, size, out);
    }

    /** Terms of a field kept in memory for aggregations when it has at most this many (levels, hosts, sources). */
    private static final int CACHED_FIELD_TERMS = 4096;

    /**
     * Every term of field {@code id} with its postings. Finding them reads the whole dictionary
     * (it is sorted by term, not by field), so a field with few terms keeps them while the chunk
     * is mapped: repeated aggregations on a keyword field then cost a pass over the matches only.
     */
    private ChunkDictionary.Refs termsOf(Mapped m, int id) throws IOException {
        ChunkDictionary.Refs cached = m.fieldTerms().get(id);
        if (cached != null) {
            return cached;
        }
        ChunkDictionary.Refs refs = ChunkDictionary.Refs.withTerms();
        m.dictionary().scan(new byte[0], null, true, id, null, refs);
        if (refs.count <= CACHED_FIELD_TERMS) {
            m.fieldTerms().put(id, refs);
        }
        return refs;
    }

    /** Adds the matches in {@code bits} to the histogram and the terms counts. */
    private void aggregate(Mapped m, long[] bits, Aggregation aggregation, PlanMatcher.Analysis analysis) throws IOException {
        if (aggregation == null) {
            return;
        }
        if (aggregation.hasHistogram()) {
            // Ordinals are in time order: a bucket is an ordinal range, found by binary search.
            TimestampColumn timestamps = m.timestamps();
            int buckets = aggregation.bucketCount();
            int first = (int) Math.max(0, Math.min(buckets, Math.floorDiv(meta.minTimestamp - aggregation.histogramStart(),
                    aggregation.histogramInterval())));
            long from = aggregation.bucketStart(first);
            int lo = meta.minTimestamp >= from ? 0 : timestamps.lowerBound(from);
            for (int b = first; b < buckets && lo < meta.documents; b++) {
                long end = aggregation.bucketStart(b) + aggregation.histogramInterval();
                int hi = end > meta.maxTimestamp ? meta.documents : timestamps.lowerBound(end);
                aggregation.addToBucket(b, DocMatcher.countRange(bits, lo, hi));
                lo = hi;
            }
        }
        if (aggregation.hasTerms()) {
            ChunkShapes shapes = shapes(m);
            ChunkDictionary dictionary = m.dictionary();
            int[] perShape = DocMatcher.matchesPerShape(bits, shapes);
            long matched = DocMatcher.count(bits);
            for (String field : aggregation.terms().keySet()) {
                int id = dictionary.fieldId(field);
                if (id < 0) {
                    continue;
                }
                ChunkDictionary.Refs refs = termsOf(m, id);
                for (int r = 0; r < refs.count; r++) {
                    long count;
                    if (refs.docFreqs[r] == meta.documents) {
                        count = matched;
                    } else {
                        count = DocMatcher.termCount(refs.ordinals[r], refs.docFreqs[r], refs.shapes[r],
                                refs.shapes[r].length, perShape, bits);
                    }
                    aggregation.addTerm(field, refs.terms[r], count);
                }
                BlockFilters.Section filters = dictionary.filters();
                if (filters != null && Arrays.stream(filters.fieldIds()).anyMatch(f -> f == id)) {
                    addFilteredTerms(m, bits, field, refs, aggregation, analysis);
                }
            }
        }
    }

    /**
     * Counts the terms of {@code field} that the chunk keeps in block filters, not in its
     * dictionary ({@code listed}): by reading every matching record back. Only a terms aggregation
     * on a text field needs it, so it looks at nothing else: the tokens that could be filtered
     * (ASCII, {@link BlockFilters#qualifies}), without building the others or stemming (full
     * analysis of every record made a terms count of 50k lines 45 times slower than from the
     * dictionary alone).
     */
    private void addFilteredTerms(Mapped m, long[] bits, String field, ChunkDictionary.Refs listed,
                                  Aggregation aggregation, PlanMatcher.Analysis analysis) throws IOException {
        if (analysis.extractor() == null) {
            throw new IllegalStateException("a chunk with block filters needs a field extractor in the store settings");
        }
        java.util.Set<String> inDictionary = new java.util.HashSet<>(Arrays.asList(listed.terms).subList(0, listed.count));
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean cold = cold();
        org.observer.analysis.TokenSink sink = new org.observer.analysis.TokenSink() {
            @Override
            public void ascii(String text, int start, int end, boolean lowercase) {
                if (BlockFilters.qualifies(text, start, end, cold)) {
                    String term = lowercase ? text.substring(start, end)
                            : org.observer.analysis.Analyzer.lowercaseAscii(text, start, end);
                    if (!inDictionary.contains(term)) {
                        seen.add(term);
                    }
                }
            }

            @Override
            public void token(String term, int start, int end) {
                // non-ASCII (never filtered), or an ASCII run cut at the length cap (may be)
                if (BlockFilters.qualifies(term, cold) && !inDictionary.contains(term)) {
                    seen.add(term);
                }
            }
        };
        PassReader pass = new PassReader(m);
        for (int word = 0; word < bits.length; word++) {
            for (long w = bits[word]; w != 0; w &= w - 1) {
                int ordinal = word * 64 + Long.numberOfTrailingZeros(w);
                seen.clear();
                for (org.observer.analysis.FieldValue value : fieldsOf(analysis, pass.source(ordinal))) {
                    if (value.name().equals(field)) {
                        org.observer.analysis.Analyzer.STANDARD.forEachToken(value.value(), sink);
                    }
                }
                for (String term : seen) {
                    counts.merge(term, 1L, Long::sum);
                }
            }
        }
        counts.forEach((term, count) -> aggregation.addTerm(field, term, count));
    }

    /**
     * One clause of shapes and a single explicit list (a word with digits OR words without, or a
     * word whose postings are part shapes, part list): counted and cut to the newest without a
     * bitmap. The list's documents whose shape the clause holds are counted once, by their shape.
     */
    private long union(DocMatcher.Clause clause, ChunkShapes shapes, TimestampColumn timestamps, int lo, int hi,
                       int size, List<Candidate> out) {
        boolean[] held = clause.shapes;
        int[] list = clause.lists[0];
        int from = DocMatcher.lowerBound(list, clause.sizes[0], lo);
        int to = DocMatcher.lowerBound(list, clause.sizes[0], hi);
        long count = 0;
        if (held != null) {
            for (int s = 0; s < held.length; s++) {
                if (held[s]) {
                    count += shapes.countIn(s, lo, hi);
                }
            }
        }
        for (int i = from; i < to; i++) {
            if (held == null || !held[shapes.shapeOf(list[i])]) {
                count++;
            }
        }
        int want = (int) Math.min(size, count);
        if (want == 0) {
            return count;
        }
        int[] byShape = new int[want];
        int fromShapes = held == null ? 0 : shapes.newest(held, lo, hi, want, byShape);
        // merge two newest-first runs: the shapes' ordinals and the list's (skipping those the shapes gave)
        TimestampColumn.Cursor times = timestamps.cursor();
        int a = 0;
        int b = to - 1;
        for (int taken = 0; taken < want; taken++) {
            while (b >= from && held != null && held[shapes.shapeOf(list[b])]) {
                b--;
            }
            int ordinal;
            if (b < from || (a < fromShapes && byShape[a] > list[b])) {
                if (a >= fromShapes) {
                    break;
                }
                ordinal = byShape[a++];
            } else {
                ordinal = list[b--];
            }
            out.add(new Candidate(times.get(ordinal), this, ordinal));
        }
        return count;
    }

    /** The chunk's documents in [lo, hi) as a {@link PlanMatcher.Source}. */
    private PlanMatcher.Source source(Mapped m, int lo, int hi, PlanMatcher.Analysis analysis) throws IOException {
        ChunkDictionary dictionary = m.dictionary();
        TimestampColumn timestamps = m.timestamps();
        return new PlanMatcher.Source() {
            @Override
            public int documents() {
                return meta.documents;
            }

            @Override
            public Shapes shapes() throws IOException {
                return ChunkReader.this.shapes(m);
            }

            @Override
            public void addTerm(String field, String term, DocMatcher.Clause into) throws IOException {
                int id = field == null ? -1 : dictionary.fieldId(field);
                if (field != null && id < 0) {
                    return;
                }
                ChunkDictionary.Refs refs = new ChunkDictionary.Refs();
                dictionary.lookup(term.getBytes(StandardCharsets.UTF_8), id, refs);
                addRefs(refs, m, into);
                BlockFilters.Section filters = dictionary.filters();
                if (filters != null && BlockFilters.qualifies(term, cold())) {
                    // The term's entry in a filtered field is either in the dictionary or in the filters.
                    java.util.Set<String> unlisted = filteredFields(dictionary, filters, id, refs);
                    if (!unlisted.isEmpty()) {
                        long hash = BlockFilters.hash(term);
                        byte[] bytes = term.getBytes(StandardCharsets.UTF_8);
                        ChunkDictionary prefixes = dictionary.prefixes();
                        IntList found;
                        if (prefixes == null) {
                            found = readBack(m, lo, hi, analysis, block -> filters.mayContain(block, hash), true,
                                    bytes, unlisted, term::equals);
                        } else {
                            // Only the documents its prefix lists, in blocks whose filter may hold it: a
                            // record or two rebuilt, where a whole block's thousand were.
                            ChunkDictionary.Refs listed = new ChunkDictionary.Refs();
                            prefixes.lookup(FilteredPrefixes.prefixOf(term).getBytes(StandardCharsets.UTF_8), id, listed);
                            IntList candidates = new IntList();
                            int block = -1;
                            boolean may = false;
                            for (int ordinal : union(listed, lo, hi)) {
                                if (block < 0 || ordinal >= meta.blockFirstOrdinals[block] + blockLength(block)) {
                                    block = blockOf(ordinal);
                                    may = filters.mayContain(block, hash);
                                }
                                if (may) {
                                    candidates.add(ordinal);
                                }
                            }
                            found = readBack(m, candidates.toArray(), analysis, bytes, unlisted, term::equals, true);
                        }
                        into.addList(found.toArray(), found.size());
                    }
                }
            }

            @Override
            public void addScan(String field, byte[] from, byte[] to, boolean toInclusive,
                                java.util.function.Predicate<String> accepts, DocMatcher.Clause into) throws IOException {
                int id = field == null ? -1 : dictionary.fieldId(field);
                if (field != null && id < 0) {
                    return;
                }
                ChunkDictionary.Refs refs = new ChunkDictionary.Refs();
                dictionary.scan(from, to, toInclusive, id,
                        (term, length) -> accepts.test(new String(term, 0, length, StandardCharsets.UTF_8)), refs);
                addRefs(refs, m, into);
                BlockFilters.Section filters = dictionary.filters();
                byte[] common = commonPrefix(from, to);
                if (filters != null && BlockFilters.mayPrefix(new String(common, StandardCharsets.UTF_8), cold())) {
                    java.util.Set<String> fields = filteredFields(dictionary, filters, id, null);
                    if (fields.isEmpty()) {
                        return;
                    }
                    java.util.function.Predicate<String> test = token -> {
                        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
                        int c = to == null ? -1 : Arrays.compareUnsigned(bytes, to);
                        return BlockFilters.qualifies(token, cold()) && Arrays.compareUnsigned(bytes, from) >= 0
                                && (c < 0 || (c == 0 && toInclusive)) && accepts.test(token);
                    };
                    ChunkDictionary prefixes = dictionary.prefixes();
                    if (prefixes == null || !isPrefixScan(from, to, toInclusive)) {
                        // Filtered terms of the range may be anywhere: every record in range is read back.
                        IntList found = readBack(m, lo, hi, analysis, block -> true, false, common, fields, test);
                        into.addList(found.toArray(), found.size());
                    } else if (from.length <= FilteredPrefixes.LENGTH) {
                        // Every document listed under a prefix entry in range holds a filtered term
                        // starting with `from`, and every such document is listed: no reading back.
                        ChunkDictionary.Refs listed = new ChunkDictionary.Refs();
                        prefixes.scan(from, to, false, id, null, listed);
                        addRefs(listed, m, into);
                    } else {
                        // Only the documents listed under the first LENGTH characters can hold one.
                        ChunkDictionary.Refs listed = new ChunkDictionary.Refs();
                        prefixes.lookup(Arrays.copyOf(from, FilteredPrefixes.LENGTH), id, listed);
                        int[] candidates = union(listed, lo, hi);
                        IntList found = readBack(m, candidates, analysis, from, fields, test, false);
                        into.addList(found.toArray(), found.size());
                    }
                }
            }

            private final TimestampColumn.Cursor times = timestamps.cursor();

            @Override
            public long timestamp(int ordinal) {
                return times.get(ordinal);
            }

            private final PassReader pass = new PassReader(m);

            @Override
            public byte[] source(int ordinal) throws IOException {
                return pass.source(ordinal);
            }
        };
    }

    /**
     * Reads many records of the chunk for one query (phrases checked line by line, filtered terms
     * read back) without filling the shared cache: a block comes from the cache if it is there,
     * else it is decompressed into one array reused block after block. Passing over hundreds of
     * blocks would otherwise evict every block other queries reuse, and leave an array of garbage
     * per block.
     */
    private final class PassReader {
        private final Mapped m;
        private final byte[][] scratch = {new byte[0]};
        private int block = -1;
        private RecordBlock.View view;

        /** Records are read in ordinal order: their timestamps a group at a time. */
        private final TimestampColumn.Cursor times;

        PassReader(Mapped m) {
            this.m = m;
            this.times = m.timestamps().cursor();
        }

        RecordBlock.View view(int number) throws CorruptIndexException {
            if (number == block) {
                return view; // consecutive records mostly share a block: no cache lookup each
            }
            block = -1;
            RecordBlock.View cached = (RecordBlock.View) BlockCache.SHARED.get(ChunkReader.this, number);
            view = cached != null ? cached : scratchView(m, number, scratch);
            block = number;
            return view;
        }

        /** Puts block {@code number}, the one being read, in the shared cache (a copy, if it is in the scratch array). */
        void keep(int number) throws CorruptIndexException {
            if (number != block || BlockCache.SHARED.get(ChunkReader.this, number) != null) {
                return;
            }
            byte[] raw = Arrays.copyOf(scratch[0], meta.blockRawLengths[number]);
            RecordBlock.View kept = new RecordBlock.View(raw, meta.version);
            BlockCache.SHARED.put(ChunkReader.this, number, kept, kept.heapBytes());
            view = kept; // the scratch array is reused for the next block
        }

        byte[] source(int ordinal) throws IOException {
            int number = blockOf(ordinal);
            RecordBlock.View v = view(number);
            try {
                return v.source(ordinal - meta.blockFirstOrdinals[number], times.get(ordinal));
            } catch (RuntimeException e) {
                throw Decoding.corrupt(files[ChunkMeta.FILE_DATA], "malformed block " + number, e);
            }
        }
    }

    /**
     * Block {@code number} decompressed into {@code scratch[0]} (replaced by a longer array when
     * short), as a view that is valid until the next use of that scratch.
     */
    private RecordBlock.View scratchView(Mapped m, int number, byte[][] scratch) throws CorruptIndexException {
        byte[] raw = scratchBlock(m, number, scratch);
        try {
            return new RecordBlock.View(raw, meta.version);
        } catch (RuntimeException e) {
            throw Decoding.corrupt(files[ChunkMeta.FILE_DATA], "malformed block " + number, e);
        }
    }

    /** Block {@code number} decompressed into {@code scratch[0]} (replaced by a longer array when short). */
    private byte[] scratchBlock(Mapped m, int number, byte[][] scratch) throws CorruptIndexException {
        int rawLength = meta.blockRawLengths[number];
        if (scratch[0].length < rawLength) {
            checkRawLength(m, number);
            scratch[0] = new byte[Math.max(rawLength, StorageFormat.BLOCK_RAW_BYTES)];
        }
        return decompress(m, number, scratch[0]);
    }

    /** True for a compacted chunk: its filters hold any {@link BlockFilters#qualifies} term; a hot one's only {@link BlockFilters#qualifiesHot} ones. */
    private boolean cold() {
        return (meta.flags & ChunkMeta.COLD) != 0;
    }

    /** Names of the filtered fields ({@code id} only, unless -1) without an entry in {@code refs} (null: none). */
    private static java.util.Set<String> filteredFields(ChunkDictionary dictionary, BlockFilters.Section filters, int id,
                                                        ChunkDictionary.Refs refs) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int field : filters.fieldIds()) {
            if (id >= 0 && field != id) {
                continue;
            }
            boolean listed = false;
            for (int r = 0; refs != null && r < refs.count; r++) {
                listed |= refs.fields[r] == field;
            }
            if (!listed) {
                names.add(dictionary.fieldName(field));
            }
        }
        return names;
    }

    /**
     * True if the scan is of the terms starting with {@code from}: only a prefix query
     * ({@link org.observer.storage.search.PlanMatcher}) ends a scan, exclusively, at the
     * successor of its start, and its test then accepts every non-empty term of the range.
     */
    static boolean isPrefixScan(byte[] from, byte[] to, boolean toInclusive) {
        if (toInclusive || to == null || from.length == 0 || to.length > from.length) {
            return false;
        }
        int last = to.length - 1;
        for (int i = 0; i < last; i++) {
            if (from[i] != to[i]) {
                return false;
            }
        }
        for (int i = to.length; i < from.length; i++) {
            if (from[i] != (byte) 0xFF) {
                return false;
            }
        }
        return (from[last] & 0xFF) != 0xFF && to[last] == (byte) (from[last] + 1);
    }

    /** The documents in [lo, hi) of every entry of {@code refs}, ascending and distinct. */
    private int[] union(ChunkDictionary.Refs refs, int lo, int hi) {
        IntList all = new IntList();
        for (int r = 0; r < refs.count; r++) {
            if (refs.docFreqs[r] == meta.documents) {
                all = new IntList(hi - lo);
                for (int ordinal = lo; ordinal < hi; ordinal++) {
                    all.add(ordinal);
                }
                return all.toArray();
            }
            for (int i = 0; i < refs.docFreqs[r]; i++) {
                int ordinal = refs.ordinals[r][i];
                if (ordinal >= lo && ordinal < hi) {
                    all.add(ordinal);
                }
            }
        }
        int[] sorted = all.toArray();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    private static byte[] commonPrefix(byte[] from, byte[] to) {
        if (to == null) {
            return new byte[0];
        }
        int n = 0;
        while (n < from.length && n < to.length && from[n] == to[n]) {
            n++;
        }
        return Arrays.copyOf(from, n);
    }

    /**
     * The ordinals in [lo, hi), in blocks {@code blocks} accepts, with a value of one of
     * {@code fields} holding a token {@code test} accepts: terms kept in filters are found by
     * reading their records back. {@code quick} (lowercase ASCII) must occur in a record, ignoring
     * ASCII case, for it to be parsed at all (unless it holds an escape, which could hide it).
     *
     * @param cacheHits keep a block in which a record matched in the shared cache: a filtered
     *                  term's few blocks are those its hits are then fetched from, which would
     *                  otherwise decompress them a second time (a unique id's lookup took 1–2.7 ms
     *                  instead of 0.2–0.4). Not for a pass over every block (a prefix), whose
     *                  blocks would push out the ones other queries reuse.
     */
    private IntList readBack(Mapped m, int lo, int hi, PlanMatcher.Analysis analysis, java.util.function.IntPredicate blocks,
                             boolean cacheHits, byte[] quick, java.util.Set<String> fields,
                             java.util.function.Predicate<String> test) throws IOException {
        if (analysis.extractor() == null) {
            throw new IllegalStateException("a chunk with block filters needs a field extractor in the store settings");
        }
        IntList found = new IntList();
        if (lo >= hi) {
            return found;
        }
        PassReader pass = new PassReader(m);
        int last = blockOf(hi - 1);
        boolean[] hit = new boolean[1];
        boolean wholeBlocks = !nearTimestampText(quick);
        for (int block = blockOf(lo); block <= last; block++) {
            if (!blocks.test(block)) {
                continue;
            }
            int first = meta.blockFirstOrdinals[block];
            int from = Math.max(lo, first);
            RecordBlock.View view = pass.view(block);
            if (wholeBlocks && !view.mayHold(quick)) {
                continue; // one scan of the raw block instead of rebuilding each record: most blocks lack the word
            }
            int to = Math.min(hi, first + view.count());
            for (int ordinal = from; ordinal < to; ordinal++) {
                byte[] source = pass.source(ordinal);
                if (!RecordBlock.mayHold(source, quick, true)) {
                    continue;
                }
                hit[0] = false;
                List<org.observer.analysis.FieldValue> values = fieldsOf(analysis, source);
                for (org.observer.analysis.FieldValue value : values) {
                    if (!hit[0] && fields.contains(value.name())) {
                        org.observer.analysis.Analyzer.STANDARD.forEachToken(value.value(), (String token) -> {
                            hit[0] |= test.test(token);
                        });
                    }
                }
                if (hit[0]) {
                    found.add(ordinal);
                }
            }
            if (cacheHits && found.size() > 0 && found.get(found.size() - 1) >= first) {
                pass.keep(block);
            }
        }
        return found;
    }

    /**
     * The {@code candidates} (ascending ordinals) with a value of one of {@code fields} holding a
     * token {@code test} accepts, read back record by record: only their blocks are decompressed.
     * {@code quick} must occur in a record, ignoring ASCII case, for it to be parsed at all.
     * {@code cacheHits}: keep a block in which a record matched in the shared cache, as the other
     * {@link #readBack} does.
     */
    private IntList readBack(Mapped m, int[] candidates, PlanMatcher.Analysis analysis, byte[] quick,
                             java.util.Set<String> fields, java.util.function.Predicate<String> test,
                             boolean cacheHits) throws IOException {
        if (analysis.extractor() == null) {
            throw new IllegalStateException("a chunk with block filters needs a field extractor in the store settings");
        }
        IntList found = new IntList();
        PassReader pass = new PassReader(m);
        boolean[] hit = new boolean[1];
        for (int ordinal : candidates) {
            byte[] source = pass.source(ordinal);
            if (!RecordBlock.mayHold(source, quick, true)) {
                continue;
            }
            hit[0] = false;
            for (org.observer.analysis.FieldValue value : fieldsOf(analysis, source)) {
                if (!hit[0] && fields.contains(value.name())) {
                    org.observer.analysis.Analyzer.STANDARD.forEachToken(value.value(), (String token) -> {
                        hit[0] |= test.test(token);
                    });
                }
            }
            if (hit[0]) {
                found.add(ordinal);
                if (cacheHits) {
                    pass.keep(blockOf(ordinal));
                }
            }
        }
        return found;
    }

    /** Records in data block {@code block}. */
    private int blockLength(int block) {
        int next = block + 1 < meta.blockFirstOrdinals.length ? meta.blockFirstOrdinals[block + 1] : meta.documents;
        return next - meta.blockFirstOrdinals[block];
    }

    /**
     * True if a word starting with {@code quick} could overlap the timestamp text cut out of a
     * stored record ({@link TimestampText}: {@code yyyy-MM-ddTHH:mm:ss.SSSZ}), so that the raw
     * block lacks some of its bytes: it would lie in the cut text (digits only, at most 4 of
     * them), or run into the year from before it ({@code quick} ending with the first digits of
     * a year of the chunk). Words running on from its end hold its {@code z}: never filtered.
     */
    private boolean nearTimestampText(byte[] quick) {
        int digits = 0;
        while (digits < quick.length && quick[quick.length - 1 - digits] >= '0' && quick[quick.length - 1 - digits] <= '9') {
            digits++;
        }
        if (digits == quick.length && digits <= 4) {
            return true;
        }
        int from = java.time.Instant.ofEpochMilli(meta.minTimestamp).atZone(java.time.ZoneOffset.UTC).getYear();
        int to = java.time.Instant.ofEpochMilli(meta.maxTimestamp).atZone(java.time.ZoneOffset.UTC).getYear();
        String tail = new String(quick, quick.length - digits, digits, StandardCharsets.US_ASCII);
        for (int year = Math.max(0, from); year <= Math.min(9999, to); year++) {
            String text = String.format("%04d", year);
            for (int k = 1; k <= Math.min(4, digits); k++) {
                if (text.startsWith(tail.substring(digits - k))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The fields of a stored record, read back. */
    private static List<org.observer.analysis.FieldValue> fieldsOf(PlanMatcher.Analysis analysis, byte[] source) {
        try {
            return analysis.extractor().fields(source);
        } catch (RuntimeException e) {
            // stored as a JSON object: one that no longer parses is damaged data
            throw new IllegalStateException("a stored record does not parse: " + e, e);
        }
    }

    private void addRefs(ChunkDictionary.Refs refs, Mapped m, DocMatcher.Clause into) throws IOException {
        for (int f = 0; f < refs.count; f++) {
            ChunkShapes shapes = refs.shapes[f].length == 0 ? null : shapes(m);
            for (int shape : refs.shapes[f]) {
                into.addShape(shape, shapes.count(), shapes.size(shape));
            }
            int docFreq = refs.docFreqs[f];
            if (docFreq == meta.documents) {
                into.all = true;
            } else {
                into.addList(refs.ordinals[f], docFreq, refs.positions[f]);
            }
        }
    }

    /** Counts the set bits and adds the newest {@code size} of them to {@code out}. */
    private long newest(long[] bits, TimestampColumn timestamps, int size, List<Candidate> out) {
        int count = DocMatcher.count(bits);
        Candidate.addHighest(bits, Math.min(size, count), timestamps.cursor()::get, this, out);
        return count;
    }

    /** Per thread: the block of a lone hit, decompressed without allocating (and zeroing) an array for it. */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1][0]);

    /**
     * Fills the candidate's partition, offset and source from its data block. A {@code lone} hit
     * (no other hit of this fetch in its block: a rare word's hits are spread out) is read from a
     * per-thread scratch copy of the block unless the block is cached already: caching a block
     * for one record would push out blocks that are read again.
     */
    @Override
    public void fetch(Candidate candidate, boolean lone) throws IOException {
        Mapped m = map();
        int block = -1;
        try {
            block = blockOf(candidate.ordinal);
            RecordBlock.View view = lone ? (RecordBlock.View) BlockCache.SHARED.get(this, block) : null;
            int index = candidate.ordinal - meta.blockFirstOrdinals[block];
            if (view == null && lone) {
                RecordBlock.readOne(scratchBlock(m, block, SCRATCH.get()), meta.version, index, candidate.timestamp, candidate);
                return;
            }
            if (view == null) {
                view = view(m, block);
            }
            candidate.partition = view.partition(index);
            candidate.sequence = view.sequence(index);
            candidate.source = view.source(index, candidate.timestamp);
        } catch (RuntimeException e) {
            throw Decoding.corrupt(files[ChunkMeta.FILE_DATA], "malformed block " + block, e);
        }
    }

    /** The format version of its data blocks' records. */
    int dataVersion() {
        return meta.version;
    }

    @Override
    public int blockOf(int ordinal) {
        return ChunkCompactor.blockOf(meta.blockFirstOrdinals, ordinal);
    }

    /** Data block {@code block}, from the cache or decompressed (and then cached). */
    private RecordBlock.View view(Mapped m, int block) throws CorruptIndexException {
        RecordBlock.View view = (RecordBlock.View) BlockCache.SHARED.get(this, block);
        if (view == null) {
            view = new RecordBlock.View(decompress(m, block), meta.version);
            BlockCache.SHARED.put(this, block, view, view.heapBytes());
        }
        return view;
    }

    private byte[] decompress(Mapped m, int block) throws CorruptIndexException {
        return decompress(m, block, null);
    }

    /** The raw block, in {@code into} (long enough) or else in a new array. */
    private byte[] decompress(Mapped m, int block, byte[] into) throws CorruptIndexException {
        ByteBuffer data = m.data();
        Path file = files[ChunkMeta.FILE_DATA];
        int compressedLength = meta.blockCompressedLengths[block];
        long position = meta.blockPositions[block];
        if (position < StorageFormat.HEADER_BYTES || position + compressedLength > data.capacity()) {
            throw new CorruptIndexException(file, "block " + block + " out of bounds");
        }
        if (MappedBuffers.crc32c(data, (int) position, (int) position + compressedLength) != meta.blockCrcs[block]) {
            throw new CorruptIndexException(file, "block " + block + " checksum mismatch");
        }
        if (into == null) {
            checkRawLength(m, block);
        }
        byte[] raw = Zstds.decompress(data, (int) position, compressedLength, meta.blockRawLengths[block],
                m.zstdDictionary(), into);
        if (raw == null) {
            throw new CorruptIndexException(file, "block " + block + " does not decompress");
        }
        return raw;
    }

    /**
     * Refuses a block whose raw length in the meta is not what its zstd frame holds, before an array
     * of that length is made: a damaged length must not become a gigabyte allocation.
     */
    private void checkRawLength(Mapped m, int block) throws CorruptIndexException {
        ByteBuffer data = m.data();
        long position = meta.blockPositions[block];
        int compressedLength = meta.blockCompressedLengths[block];
        int rawLength = meta.blockRawLengths[block];
        if (rawLength < 0 || compressedLength < 0 || position < StorageFormat.HEADER_BYTES
                || position + compressedLength > data.capacity()) {
            throw new CorruptIndexException(files[ChunkMeta.FILE_DATA], "block " + block + " out of bounds");
        }
        long declared = Zstds.frameContentSize(data, (int) position, compressedLength);
        if (declared != rawLength && (declared >= 0 || rawLength > StorageFormat.COLD_BLOCK_RAW_BYTES)) {
            throw new CorruptIndexException(files[ChunkMeta.FILE_DATA], "block " + block + " holds " + declared
                    + " bytes, not the " + rawLength + " its meta says");
        }
    }

    /** Unmaps the files; the caller guarantees no search is using them. */
    public synchronized void close() {
        Mapped m = mapped;
        mapped = null;
        BlockCache.SHARED.evict(this);
        if (m != null) {
            BlockCache.DICTIONARY.evict(m.dictionary());
            if (m.dictionary().prefixes() != null) {
                BlockCache.DICTIONARY.evict(m.dictionary().prefixes());
            }
            unmapAll(m.buffers());
            if (m.zstdDictionary() != null) {
                m.zstdDictionary().close();
            }
        }
    }

    private static void unmapAll(MappedByteBuffer[] buffers) {
        for (MappedByteBuffer buffer : buffers) {
            MappedBuffers.unmap(buffer);
        }
    }

    @Override
    public String toString() {
        return dir.resolve(StorageFormat.chunkFile(meta.number, "")).toString();
    }
}
