package org.observer.storage.segment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.TokenSink;
import org.observer.storage.LogRecord;
import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.IntList;
import org.observer.storage.io.LongList;
import org.observer.storage.search.Candidate;
import org.observer.storage.search.HitOrder;
import org.observer.storage.search.PreparedQuery;
import org.observer.storage.search.Shapes;

/**
 * The segment still being written: its write-ahead file ({@link SegmentLog}), plus the in-memory
 * keyword map (term -> per-field shapes and ordinals, see {@link StorageFormat}), the shape of
 * each document and per-document columns, searched by {@link SegmentSearch}. Ordinals are arrival
 * order. The owner (IndexStore) serializes writers and excludes readers while it writes, remaps
 * or closes.
 */
public final class ActiveSegment {

    private final SegmentLog log;
    private final SegmentSearch search;

    private final IntList payloadPositions = new IntList(1024);
    private final IntList partitions = new IntList(1024);
    private final LongList sequences = new LongList();
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
        this.log = new SegmentLog(file);
        this.fieldTypes = fieldTypes;
        this.search = new SegmentSearch(this);
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
            segment.log.replay((payload, record) -> {
                Long done = applied.get(record.partition());
                if (done == null || record.sequence() > done) {
                    segment.index(payload, record);
                    applied.put(record.partition(), record.sequence());
                }
            });
        } catch (IOException | RuntimeException e) {
            segment.log.abandonQuietly();
            throw e;
        }
        return segment;
    }

    /** Whether it holds records of an older format version, which are sealed before anything is appended. */
    public boolean isOlderVersion() {
        return log.isOlderVersion();
    }

    /** A new, empty segment with no file yet (after a seal). */
    public static ActiveSegment empty(Path dir, FieldTypes fieldTypes) {
        return new ActiveSegment(dir.resolve(StorageFormat.SEGMENT_FILE), fieldTypes);
    }

    /** Writes one framed record and makes it searchable. Caller holds the store's write lock. */
    public void append(LogRecord record, ByteSink payload) throws IOException {
        index(log.append(payload), record);
    }

    private void index(int payloadPosition, LogRecord record) {
        int ordinal = payloadPositions.size();
        long timestamp = record.timestamp();
        if (ordinal > 0 && inOrder && HitOrder.compare(timestamps.get(ordinal - 1), sequences.get(ordinal - 1),
                partitions.get(ordinal - 1), timestamp, record.sequence(), record.partition()) > 0) {
            inOrder = false;
        }
        payloadPositions.add(payloadPosition);
        partitions.add(record.partition());
        sequences.add(record.sequence());
        timestamps.add(timestamp);
        minTimestamp = Math.min(minTimestamp, timestamp);
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        tokens.start(ordinal);
        for (org.observer.analysis.FieldValue field : record.fields()) {
            tokens.field(field.name());
            byte[] ascii = field.asciiBytes();
            if (ascii != null) {
                // read from the log's bytes: the same terms as from its String, without making one
                int from = field.asciiAt();
                int to = from + field.sourceLength();
                if (fieldTypes.isKeyword(field.name(), ascii, from, to)) {
                    tokens.keyword(ascii, from, to);
                } else {
                    Analyzer.STANDARD.forEachAsciiToken(ascii, from, to, tokens);
                }
                continue;
            }
            String value = field.value();
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
            // the analyzer hands the hash and the digit over; a sink's caller that does not, gets them made here
            boolean digit = false;
            for (int i = start; i < end && !digit; i++) {
                digit = text.charAt(i) <= '9'; // tokens hold only letters and digits
            }
            ascii(text, start, end, lowercase, SegmentKeys.hash(text, start, end), digit);
        }

        @Override
        public void ascii(String text, int start, int end, boolean lowercase, int hash, boolean digit) {
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

        @Override
        public void ascii(byte[] text, int start, int end, boolean lowercase, int hash, boolean digit) {
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

        /** A keyword value of ASCII bytes: one term, the whole value lowercased. */
        void keyword(byte[] text, int start, int end) {
            int hash = SegmentKeys.hash(text, start, end);
            int head = keys.head(text, start, end, hash);
            int key = keys.inField(head, field);
            add(key != SegmentKeys.NONE ? key : keys.add(head, text, start, end, hash, field));
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
        log.force();
    }

    public int documents() {
        return payloadPositions.size();
    }

    /** Bytes of framed records, including the header. */
    public int bytes() {
        return log.bytes();
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

    public long sequence(int ordinal) {
        return sequences.get(ordinal);
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
    record SortedTerms(int[] heads, int covered) {

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
    SortedTerms sortedTerms() {
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
        return log.isWritable();
    }

    /** Heap bytes the keyword map holds, about (see {@link SegmentKeys#heapBytes()}); a walk over the keys. */
    public long heapBytes() {
        return keys.heapBytes() + shapes.heapBytes() + payloadPositions.heapBytes() + partitions.heapBytes()
                + sequences.heapBytes() + timestamps.heapBytes();
    }

    /** Bytes of the segment's file mapped now. */
    public long mappedBytes() {
        return log.mappedBytes();
    }

    /** Bytes the segment occupies on disk now (0 if it has no file). */
    public long diskBytes() {
        return log.diskBytes();
    }

    /** Copies the document's source into {@code scratch[0]} (grown as needed); returns its length. */
    public int readSource(int ordinal, byte[][] scratch) {
        ByteCursor in = log.source(payloadPositions.get(ordinal));
        int length = in.readVInt();
        if (scratch[0].length < length) {
            scratch[0] = new byte[Math.max(length, scratch[0].length * 2)];
        }
        log.read(in.position, scratch[0], length);
        return length;
    }

    /** The document's source. */
    byte[] source(int ordinal) {
        return log.source(payloadPositions.get(ordinal)).readLengthPrefixed();
    }

    public void fetch(Candidate candidate) {
        int ordinal = candidate.ordinal;
        candidate.partition = partitions.get(ordinal);
        candidate.sequence = sequences.get(ordinal);
        candidate.source = source(ordinal);
    }

    /**
     * Counts the documents matching the query with a timestamp in [from, to), adds the newest
     * {@code size} of them to {@code out} and all of them to the query's aggregation.
     */
    public long collect(PreparedQuery query, long from, long to, int size, List<Candidate> out) throws IOException {
        return search.collect(query, from, to, size, out);
    }

    /** True while ordinal order is hit order (see {@link #inOrder}). */
    boolean inOrder() {
        return inOrder;
    }

    /** The segment's id of a field name, or null if no document has it. */
    Integer knownFieldId(String name) {
        return fieldIds.get(name);
    }

    /** Closes for good, keeping the data: flush, unmap, cut the file to its real length. */
    public void close() throws IOException {
        log.close();
    }

    /** Closes and deletes the file, once its documents are durable in a chunk. */
    public void closeAndDelete() throws IOException {
        log.closeAndDelete();
    }

    /** Drops the mapping and file handle as a crash would (tests of recovery). */
    public void abandon() throws IOException {
        log.abandon();
    }
}
