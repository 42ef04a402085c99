package org.observer.storage.segment;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.TokenSink;
import org.observer.query.Plan;
import org.observer.storage.Aggregation;
import org.observer.storage.CorruptIndexException;
import org.observer.storage.LogRecord;
import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.IntList;
import org.observer.storage.io.LongList;
import org.observer.storage.io.MappedBuffers;
import org.observer.storage.search.Candidate;
import org.observer.storage.search.DocMatcher;
import org.observer.storage.search.PlanMatcher;
import org.observer.storage.search.PreparedQuery;
import org.observer.storage.search.Shapes;
import org.observer.storage.search.TermKeys;

/**
 * The segment still being written: {@value StorageFormat#SEGMENT_FILE} written through a growing
 * memory mapping, plus the in-memory keyword map (term -> per-field shapes and ordinals, see
 * {@link StorageFormat}), the shape of each document and per-document
 * columns. Ordinals are arrival order. The owner (IndexStore) serializes writers and excludes
 * readers while it writes, remaps or closes.
 *
 * <p>The file is created (or, after a crash, reopened for writing and its torn tail zeroed) only
 * by the first {@link #append}: a store opened just to search neither creates nor grows it, and a
 * segment left by a crash is replayed through a read-only mapping.
 */
public final class ActiveSegment {

    private final Path file;
    /** Open only while writable. */
    private FileChannel channel;
    /** Null while there is no file; read-only until the first append. */
    private MappedByteBuffer map;
    private boolean writable;
    /** The file's size when it was replayed read-only: the torn tail to zero on the first append. */
    private int replayedSize;
    /** Frames were replayed from a file this store has not fsynced yet (a crash may have left them unsynced). */
    private boolean replayedUnsynced;
    /** End of the last complete frame (the header's end when empty). */
    private int end = StorageFormat.HEADER_BYTES;
    /** The file grew since the last fsync, so its length must be synced too. */
    private boolean lengthDirty;

    private final IntList payloadPositions = new IntList(1024);
    private final IntList partitions = new IntList(1024);
    private final LongList offsets = new LongList();
    private final LongList timestamps = new LongList();
    private final Tokens tokens = new Tokens();
    private final StemCache stems = new StemCache();
    private final FieldTypes fieldTypes;
    /** Every (term, field) by its id, with its postings; term -> its keys, one per field. */
    private final SegmentKeys keys = new SegmentKeys();
    /** The terms in byte order as of some moment, for prefix and range scans (see {@link SortedTerms}). */
    private volatile SortedTerms sortedTerms;
    private final SegmentShapes shapes = new SegmentShapes();
    /** Field names by id, and ids by name (names that encode to the same UTF-8 share an id). */
    private final List<String> fieldNames = new ArrayList<>();
    private final Map<String, Integer> fieldIds = new HashMap<>();
    private long minTimestamp = Long.MAX_VALUE;
    private long maxTimestamp = Long.MIN_VALUE;
    /**
     * Every document sorts at or after the one before it in hit order, so ordinal order is hit
     * order (the usual case: a partition's logs arrive in time order) and the newest hits are the
     * highest ordinals.
     */
    private boolean inOrder = true;

    /** In a document's shape: a position that holds no digit-free key (a stop word, a key with a digit). */
    static final int GAP = -1;

    private ActiveSegment(Path file, FieldTypes fieldTypes) {
        this.file = file;
        this.fieldTypes = fieldTypes;
    }

    /**
     * Opens the segment if its file exists, replays its frames into the keyword map through a
     * read-only mapping, and remembers where a torn tail starts (it is zeroed on the first append,
     * not now: opening writes nothing). Records at or below {@code applied} (already in a chunk)
     * are skipped; {@code applied} is raised for the rest.
     */
    public static ActiveSegment open(Path dir, Map<Integer, Long> applied, FieldTypes fieldTypes) throws IOException {
        ActiveSegment segment = new ActiveSegment(dir.resolve(StorageFormat.SEGMENT_FILE), fieldTypes);
        try {
            segment.recover(applied);
        } catch (IOException | RuntimeException e) {
            segment.abandonQuietly();
            throw e;
        }
        return segment;
    }

    /** A new, empty segment with no file yet (after a seal). */
    public static ActiveSegment empty(Path dir, FieldTypes fieldTypes) {
        return new ActiveSegment(dir.resolve(StorageFormat.SEGMENT_FILE), fieldTypes);
    }

    private void recover(Map<Integer, Long> applied) throws IOException {
        long size;
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            size = read.size();
            if (size > StorageFormat.MAX_SEGMENT_BYTES + StorageFormat.SEGMENT_GROW_BYTES) {
                throw new CorruptIndexException(file, "segment larger than " + StorageFormat.MAX_SEGMENT_BYTES + " bytes");
            }
            if (size < StorageFormat.HEADER_BYTES) {
                // Created but the header never reached the disk: an empty segment.
                replayedSize = (int) size;
                return;
            }
            map = read.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            return; // no segment: nothing appended since the last seal
        }
        replayedSize = (int) size;
        int magic = map.getInt(0);
        if (magic == 0) {
            return; // header never reached the disk
        }
        if (magic != StorageFormat.SEGMENT_MAGIC) {
            throw new CorruptIndexException(file, "bad magic " + Integer.toHexString(magic));
        }
        if (map.getInt(4) != StorageFormat.SEGMENT_VERSION) {
            throw new CorruptIndexException(file, "unsupported version " + map.getInt(4));
        }
        int limit = (int) size;
        int position = StorageFormat.HEADER_BYTES;
        while (position + StorageFormat.FRAME_HEADER_BYTES <= limit) {
            int length = map.getInt(position);
            int payload = position + StorageFormat.FRAME_HEADER_BYTES;
            if (length <= 0 || length > limit - payload
                    || MappedBuffers.crc32c(map, payload, payload + length) != map.getInt(position + 4)) {
                break;
            }
            LogRecord record;
            try {
                record = RecordCodec.decode(map, payload);
            } catch (RuntimeException e) {
                break; // CRC matched but the payload does not parse: treat as the end of the log.
            }
            Long done = applied.get(record.partition());
            if (done == null || record.offset() > done) {
                index(payload, record);
                applied.put(record.partition(), record.offset());
            }
            position = payload + length;
        }
        end = position;
        replayedUnsynced = end > StorageFormat.HEADER_BYTES;
    }

    /**
     * Opens the file for writing on the first append: creates it with its header, or reopens a
     * replayed one and zeroes its torn tail so a later partial frame can never be mistaken for a
     * complete one. Caller holds the store's write lock (the mapping changes).
     */
    private void makeWritable(int needed) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            int capacity = roundUp(Math.max(Math.max(size, needed), StorageFormat.HEADER_BYTES));
            allocate(capacity);
            MappedByteBuffer writableMap = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
            MappedBuffers.unmap(map);
            map = writableMap;
        } catch (IOException | RuntimeException e) {
            channel.close();
            channel = null;
            throw e;
        }
        writable = true;
        lengthDirty = true;
        if (end == StorageFormat.HEADER_BYTES) {
            // New, or created before a crash without its header reaching the disk.
            map.putInt(0, StorageFormat.SEGMENT_MAGIC);
            map.putInt(4, StorageFormat.SEGMENT_VERSION);
        }
        zeroFrom(end, Math.min(Math.max(replayedSize, end), map.capacity()));
    }

    private void zeroFrom(int from, int to) {
        byte[] zeros = new byte[Math.min(64 << 10, Math.max(0, to - from))];
        for (int i = from; i < to; i += zeros.length) {
            map.put(i, zeros, 0, Math.min(zeros.length, to - i));
        }
    }

    private static int roundUp(long bytes) {
        long step = StorageFormat.SEGMENT_MIN_BYTES;
        return (int) ((bytes + step - 1) / step * step);
    }

    /** Writes one framed record and makes it searchable. Caller holds the store's write lock. */
    public void append(LogRecord record, ByteSink payload) throws IOException {
        int length = payload.size();
        int needed = end + StorageFormat.FRAME_HEADER_BYTES + length;
        if (!writable) {
            makeWritable(needed);
        }
        if (needed > map.capacity()) {
            grow(needed);
        }
        int payloadPosition = end + StorageFormat.FRAME_HEADER_BYTES;
        map.put(payloadPosition, payload.array(), 0, length);
        map.putInt(end + 4, MappedBuffers.crc32c(payload.array(), 0, length));
        map.putInt(end, length);
        end = payloadPosition + length;
        index(payloadPosition, record);
    }

    private void grow(int needed) throws IOException {
        long current = map.capacity();
        int capacity = roundUp(Math.max(needed, current + Math.min(current, StorageFormat.SEGMENT_GROW_BYTES)));
        allocate(capacity);
        MappedByteBuffer bigger = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
        MappedBuffers.unmap(map);
        map = bigger;
        lengthDirty = true;
    }

    /**
     * Extends the file to {@code capacity} by writing zeros, so its blocks exist before they are
     * mapped: on a full disk this fails with an IOException here, where mapping a sparse region
     * would fail later with SIGBUS inside a memory access.
     */
    private void allocate(int capacity) throws IOException {
        long size = channel.size();
        if (size >= capacity) {
            return;
        }
        java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(64 << 10);
        for (long at = size; at < capacity; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), capacity - at));
            at += channel.write(zeros, at);
        }
    }

    private void index(int payloadPosition, LogRecord record) {
        int ordinal = payloadPositions.size();
        long timestamp = record.timestamp();
        if (ordinal > 0 && inOrder && compare(timestamps.get(ordinal - 1), offsets.get(ordinal - 1),
                partitions.get(ordinal - 1), timestamp, record.offset(), record.partition()) > 0) {
            inOrder = false;
        }
        payloadPositions.add(payloadPosition);
        partitions.add(record.partition());
        offsets.add(record.offset());
        timestamps.add(timestamp);
        minTimestamp = Math.min(minTimestamp, timestamp);
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        tokens.start(ordinal);
        for (org.observer.analysis.FieldValue field : record.fields()) {
            String value = field.value();
            tokens.field(field.name());
            if (fieldTypes.isKeyword(field.name(), value)) {
                tokens.keyword(keywordTerm(tokens.field, value));
            } else {
                Analyzer.STANDARD.forEachToken(value, tokens);
            }
        }
        int[] shapeKeys = tokens.shapeKeys;
        int shapeLength = tokens.shapeLength;
        int shape = shapes.find(shapeKeys, shapeLength);
        if (shape < 0) {
            shape = shapes.add(shapeKeys, shapeLength);
            for (int k = 0; k < shapeLength; k++) {
                if (shapeKeys[k] >= 0) {
                    keys.addShapeIfNotLast(shapeKeys[k], shape);
                }
            }
        } else if (shape == 0) {
            // No room for another shape: this document's keys are listed one by one.
            for (int k = 0; k < shapeLength; k++) {
                if (shapeKeys[k] >= 0) {
                    keys.addIfNotLast(shapeKeys[k], ordinal);
                }
            }
        }
        shapes.document(ordinal, shape);
    }

    /**
     * Indexes the terms of one document as the analyzer finds its tokens. The document's shape
     * records its digit-free keys in order, each field value opening with the field's "exists"
     * key (the empty term) and every other position (a key with a digit, a stop word) as
     * {@link #GAP}: documents of one shape then agree on every phrase of digit-free words, so a
     * phrase is verified once per shape (see {@link StorageFormat}).
     */
    private final class Tokens implements TokenSink {
        private int ordinal;
        private int field;
        /** The document's shape: digit-free key ids and gaps, in token order. */
        int[] shapeKeys = new int[64];
        int shapeLength;

        /** Gaps so far in the document: a word with a digit is known by the index of its gap. */
        private int gaps;

        void start(int ordinal) {
            this.ordinal = ordinal;
            this.shapeLength = 0;
            this.gaps = 0;
        }

        void field(String name) {
            field = fieldId(name);
            keyOf("", 0);
        }

        @Override
        public void ascii(String text, int start, int end, boolean lowercase) {
            int hash = 0;
            boolean digit = false;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c <= '9') {
                    digit = true; // tokens hold only letters and digits
                }
                hash = 31 * hash + (c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            if (!digit) {
                String term = stems.term(text, start, end, hash, lowercase);
                if (term == StemCache.STOP) {
                    gap();
                    return;
                }
                if (term != null) {
                    keyOf(term, term.hashCode());
                    return;
                }
            }
            int head = keys.head(text, start, end, hash);
            int key = keys.inField(head, field);
            add(key != SegmentKeys.NONE ? key : keys.add(head, text, start, end, hash, field));
        }

        @Override
        public void token(String token, int start, int end) {
            String term = Shapes.hasDigit(token) ? token : Analyzer.term(token);
            if (term == null) {
                gap();
            } else {
                keyOf(term, term.hashCode());
            }
        }

        /** A keyword value: one term, the whole value, not analyzed further. */
        void keyword(String term) {
            keyOf(term, term.hashCode());
        }

        private void keyOf(String term, int hash) {
            int head = keys.head(term, hash);
            int key = keys.inField(head, field);
            add(key != SegmentKeys.NONE ? key : keys.add(head, term, hash, field));
        }

        private void add(int key) {
            if (keys.explicit(key)) {
                // Which of the shape's gaps it fills: a phrase with this word then needs no reading back.
                keys.addIfNotLast(key, ordinal, gaps);
                gap();
            } else {
                append(key);
            }
        }

        private void gap() {
            append(GAP);
            gaps++;
        }

        private void append(int key) {
            if (shapeLength == shapeKeys.length) {
                shapeKeys = Arrays.copyOf(shapeKeys, shapeLength * 2);
            }
            shapeKeys[shapeLength++] = key;
        }
    }

    /** Per field id, the last keyword value and its term: keyword fields repeat few values (a source, a level). */
    private String[] keywordValues = new String[8];
    private String[] keywordTerms = new String[8];

    private String keywordTerm(int field, String value) {
        if (field >= keywordValues.length) {
            keywordValues = Arrays.copyOf(keywordValues, Math.max(field + 1, keywordValues.length * 2));
            keywordTerms = Arrays.copyOf(keywordTerms, keywordValues.length);
        }
        if (!value.equals(keywordValues[field])) {
            keywordValues[field] = value;
            keywordTerms[field] = Analyzer.keyword(value);
        }
        return keywordTerms[field];
    }

    private int fieldId(String name) {
        Integer id = fieldIds.get(name);
        if (id == null) {
            // Names that encode to the same UTF-8 bytes (lone surrogates) are one field on disk.
            String normalized = new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            id = fieldIds.get(normalized);
            if (id == null) {
                id = fieldNames.size();
                fieldNames.add(normalized);
                fieldIds.put(normalized, id);
            }
            fieldIds.put(name, id);
        }
        return id;
    }

    /** Makes everything appended durable: msync the mapping, and fsync the file length if it grew. */
    public void force() throws IOException {
        if (!writable) {
            if (replayedUnsynced) {
                // Frames replayed after a crash may still be only in the page cache: make them durable
                // before the caller acts on them (commits offsets), without writing to the file.
                try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
                    read.force(true);
                }
                replayedUnsynced = false;
            }
            return; // nothing appended since open: nothing else to make durable
        }
        replayedUnsynced = false;
        map.force();
        if (lengthDirty) {
            channel.force(true);
            lengthDirty = false;
        }
    }

    public int documents() {
        return payloadPositions.size();
    }

    /** Bytes of framed records, including the header. */
    public int bytes() {
        return end;
    }

    public long minTimestamp() {
        return minTimestamp;
    }

    public long maxTimestamp() {
        return maxTimestamp;
    }

    public int partition(int ordinal) {
        return partitions.get(ordinal);
    }

    public long offset(int ordinal) {
        return offsets.get(ordinal);
    }

    public long timestamp(int ordinal) {
        return timestamps.get(ordinal);
    }

    /**
     * The head of every term in byte order, as of when the segment had {@code covered} keys. A
     * prefix or range scan binary-searches it and checks only the keys added since, instead of
     * comparing every term of the segment (tens of thousands per index, for every index a prefix
     * query spans: it was most of such a query's time through the server).
     */
    private record SortedTerms(int[] heads, int covered) {

        /** The first position whose term is at least {@code from}. */
        int firstAtOrAfter(SegmentKeys keys, byte[] from) {
            byte[] arena = keys.arena();
            int lo = 0;
            int hi = heads.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int at = keys.termAt(heads[mid]);
                if (Arrays.compareUnsigned(arena, at, at + keys.termLength(heads[mid]), from, 0, from.length) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /**
     * The sorted terms, sorted again once a quarter of the keys are newer than them (callers hold
     * the store's read lock, so no key is added meanwhile; two scans may both sort, harmlessly).
     */
    private SortedTerms sortedTerms() {
        SortedTerms sorted = sortedTerms;
        int count = keys.keyCount();
        if (sorted == null || count - sorted.covered() > sorted.covered() / 4) {
            sorted = new SortedTerms(SegmentKeys.sortedTerms(keys), count);
            sortedTerms = sorted;
        }
        return sorted;
    }

    /** Every (term, field) with its postings. */
    public SegmentKeys keys() {
        return keys;
    }

    public SegmentShapes shapes() {
        return shapes;
    }

    /** Field names by segment field id. */
    public List<String> fieldNames() {
        return fieldNames;
    }

    /** True once this segment's file has been opened for writing (something was appended). */
    public boolean isWritable() {
        return writable;
    }

    /** Heap bytes the keyword map holds, about (see {@link SegmentKeys#heapBytes()}); a walk over the keys. */
    public long heapBytes() {
        return keys.heapBytes() + shapes.heapBytes() + payloadPositions.heapBytes() + partitions.heapBytes()
                + offsets.heapBytes() + timestamps.heapBytes();
    }

    /** Bytes of the segment's file mapped now. */
    public long mappedBytes() {
        MappedByteBuffer m = map;
        return m == null ? 0 : m.capacity();
    }

    /** Bytes the segment occupies on disk now (0 if it has no file). */
    public long diskBytes() {
        return map == null && !writable ? 0 : end;
    }

    /** Copies the document's source into {@code scratch[0]} (grown as needed); returns its length. */
    public int readSource(int ordinal, byte[][] scratch) {
        ByteCursor in = new ByteCursor(map, RecordCodec.sourcePosition(map, payloadPositions.get(ordinal)));
        int length = in.readVInt();
        if (scratch[0].length < length) {
            scratch[0] = new byte[Math.max(length, scratch[0].length * 2)];
        }
        map.get(in.position, scratch[0], 0, length);
        return length;
    }

    public void fetch(Candidate candidate) {
        int ordinal = candidate.ordinal;
        candidate.partition = partitions.get(ordinal);
        candidate.offset = offsets.get(ordinal);
        ByteCursor in = new ByteCursor(map, RecordCodec.sourcePosition(map, payloadPositions.get(ordinal)));
        candidate.source = in.readLengthPrefixed();
    }

    /**
     * Counts the documents matching the query with a timestamp in [from, to), adds the newest
     * {@code size} of them to {@code out} and all of them to the query's aggregation.
     */
    public long collect(PreparedQuery query, long from, long to, int size, List<Candidate> out) throws IOException {
        int documents = documents();
        if (documents == 0 || maxTimestamp < from || minTimestamp >= to) {
            return 0;
        }
        List<TermKeys.Clause> clauses = query.clauses();
        if (clauses == null) {
            long[] bits = new PlanMatcher(source, query.analysis(), 0, documents).match(query.plan());
            return newest(bits, from, to, size, out, query.aggregation());
        }
        DocMatcher.Clause[] resolved = new DocMatcher.Clause[clauses.size()];
        for (int c = 0; c < resolved.length; c++) {
            DocMatcher.Clause r = new DocMatcher.Clause();
            for (Plan.Term term : clauses.get(c).alternatives()) {
                source.addTerm(term.field(), term.term(), r);
            }
            if (r.empty()) {
                return 0;
            }
            resolved[c] = r;
        }
        long[] bits = DocMatcher.match(resolved, shapes, documents, 0, documents);
        return newest(bits, from, to, size, out, query.aggregation());
    }

    /** The segment as a {@link PlanMatcher.Source}. */
    private final PlanMatcher.Source source = new PlanMatcher.Source() {
        @Override
        public int documents() {
            return ActiveSegment.this.documents();
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
            SortedTerms sorted = sortedTerms();
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
            return timestamps.get(ordinal);
        }

        @Override
        public byte[] source(int ordinal) {
            ByteCursor in = new ByteCursor(map, RecordCodec.sourcePosition(map, payloadPositions.get(ordinal)));
            return in.readLengthPrefixed();
        }
    };

    private static final int NO_FIELD = -2;

    /** The segment's id of {@code field}; -1 for any field (null); NO_FIELD if no document has it. */
    private int wantedField(String field) {
        if (field == null) {
            return -1;
        }
        Integer id = fieldIds.get(field);
        return id == null ? NO_FIELD : id;
    }

    /**
     * Counts the set bits whose timestamp is in [from, to), adds the newest {@code size} to
     * {@code out} and those matches to the aggregation.
     */
    private long newest(long[] bits, long from, long to, int size, List<Candidate> out, Aggregation aggregation) {
        long total = inOrder
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
        int wanted = size;
        for (int w = bits.length - 1; w >= 0 && wanted > 0; w--) {
            long word = bits[w];
            while (word != 0 && wanted > 0) {
                int bit = 63 - Long.numberOfLeadingZeros(word);
                word &= ~(1L << bit);
                int ordinal = (w << 6) + bit;
                out.add(new Candidate(timestamps.get(ordinal), null, ordinal));
                wanted--;
            }
        }
        if (aggregation != null && aggregation.hasHistogram()) {
            for (int w = lo >>> 6; w < bits.length; w++) {
                for (long word = bits[w]; word != 0; word &= word - 1) {
                    aggregation.addTimestamp(timestamps.get((w << 6) + Long.numberOfTrailingZeros(word)));
                }
            }
        }
        return DocMatcher.count(bits);
    }

    /** The first ordinal whose timestamp is at or after {@code time} (documents() if none); needs {@link #inOrder}. */
    private int firstAtOrAfter(long time) {
        int lo = 0;
        int hi = documents();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps.get(mid) < time) {
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
        boolean allTimes = minTimestamp >= from && maxTimestamp < to;
        boolean histogram = aggregation != null && aggregation.hasHistogram();
        for (int w = bits.length - 1; w >= 0; w--) {
            long word = bits[w];
            while (word != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(word);
                word &= ~(1L << bit);
                int ordinal = (w << 6) + bit;
                long timestamp = timestamps.get(ordinal);
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
            Integer id = fieldIds.get(field);
            if (id == null) {
                continue;
            }
            int[] single = new int[1];
            keys.forEachHead(head -> {
                int key = keys.inField(head, id);
                if (key != SegmentKeys.NONE) {
                    long count = DocMatcher.countSet(keys.docs(key, single), keys.size(key), bits);
                    int[] keyShapes = keys.shapes(key);
                    for (int i = 0; i < keys.shapeCount(key); i++) {
                        count += perShape[keyShapes[i]];
                    }
                    if (count > 0) {
                        aggregation.addTerm(field, keys.term(key), count);
                    }
                }
            });
        }
    }

    /** Closes for good, keeping the data: flush, unmap, cut the file to its real length. */
    public void close() throws IOException {
        if (!writable) {
            // Only read (or replayed) since open: leave the file exactly as it was.
            MappedBuffers.unmap(map);
            map = null;
            return;
        }
        map.force();
        MappedBuffers.unmap(map);
        map = null;
        channel.truncate(end);
        channel.force(true);
        channel.close();
        channel = null;
        writable = false;
    }

    /** Closes and deletes the file, once its documents are durable in a chunk. */
    public void closeAndDelete() throws IOException {
        MappedBuffers.unmap(map);
        map = null;
        if (channel != null) {
            channel.close();
            channel = null;
        }
        writable = false;
        Files.deleteIfExists(file);
    }

    private void abandonQuietly() {
        MappedBuffers.unmap(map);
        map = null;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Already failing; the original error is the one to report.
        }
    }

    /** Drops the mapping and file handle as a crash would (tests of recovery). */
    public void abandon() throws IOException {
        MappedBuffers.unmap(map);
        map = null;
        if (channel != null) {
            channel.close();
            channel = null;
        }
        writable = false;
    }

    /** The newest {@code size} ordinals seen, as a min-heap on (timestamp, offset, partition). */
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
                out.add(new Candidate(timestamps.get(heap[i]), null, heap[i]));
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

    /** Hit order: newer timestamp first, then higher offset, then higher partition. */
    boolean newer(int a, int b) {
        return compare(timestamps.get(a), offsets.get(a), partitions.get(a),
                timestamps.get(b), offsets.get(b), partitions.get(b)) > 0;
    }

    public static int compare(long timestampA, long offsetA, int partitionA, long timestampB, long offsetB, int partitionB) {
        int c = Long.compare(timestampA, timestampB);
        if (c == 0) {
            c = Long.compare(offsetA, offsetB);
        }
        if (c == 0) {
            c = Integer.compare(partitionA, partitionB);
        }
        return c;
    }
}
