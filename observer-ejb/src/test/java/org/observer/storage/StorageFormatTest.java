package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32C;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StorageFormat} says what the bytes are: a chunk written through {@link IndexStore} is
 * read back here with nothing but that documentation — a parser of its own over the files
 * (headers, counts, offsets, varints, zstd frames), none of the storage's readers.
 */
class StorageFormatTest {

    @TempDir
    Path dir;

    /** The documented encodings, read from a byte array. */
    private static final class In {
        final ByteBuffer buffer;
        int position;

        In(byte[] bytes, int position) {
            this.buffer = ByteBuffer.wrap(bytes);
            this.position = position;
        }

        int int32() {
            int v = buffer.getInt(position);
            position += 4;
            return v;
        }

        long int64() {
            long v = buffer.getLong(position);
            position += 8;
            return v;
        }

        int byte8() {
            return buffer.get(position++) & 0xFF;
        }

        /** Skips {@code count} varints; returns the position after them. */
        int skipVints(int count) {
            for (int i = 0; i < count; i++) {
                vlong();
            }
            return position;
        }

        long vlong() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int b = byte8();
                v |= (long) (b & 0x7F) << shift;
                if (b < 0x80) {
                    return v;
                }
            }
        }

        int vint() {
            return (int) vlong();
        }

        long zlong() {
            long v = vlong();
            return (v >>> 1) ^ -(v & 1);
        }

        byte[] bytes() {
            int length = vint();
            byte[] out = Arrays.copyOfRange(buffer.array(), position, position + length);
            position += length;
            return out;
        }

        void header(String magic) {
            assertEquals(magic, new String(Arrays.copyOfRange(buffer.array(), position, position + 4), StandardCharsets.US_ASCII));
            position += 4;
            assertEquals(StorageFormat.CHUNK_VERSION, int32(), "version");
        }
    }

    private record Meta(int number, int documents, long minTimestamp, long maxTimestamp, List<long[]> partitions,
                        long[] fileLengths, long[] blockPositions, int[] compressed, int[] raw, int[] firstOrdinals,
                        int flags, int[] replaces) {
    }

    private static int crc(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }

    private byte[] file(int chunk, String ext) throws Exception {
        return Files.readAllBytes(dir.resolve(StorageFormat.chunkFile(chunk, ext)));
    }

    private Meta readMeta(int chunk) throws Exception {
        byte[] bytes = file(chunk, StorageFormat.META_EXT);
        In in = new In(bytes, 0);
        in.header("OBSM");
        int number = in.int32();
        int documents = in.int32();
        long min = in.int64();
        long max = in.int64();
        List<long[]> partitions = new ArrayList<>();
        for (int i = in.int32(); i > 0; i--) {
            partitions.add(new long[] {in.int32(), in.int64(), in.int64()});
        }
        assertEquals(4, in.int32(), "file count");
        String[] exts = {StorageFormat.DATA_EXT, StorageFormat.DICT_EXT, StorageFormat.POSTINGS_EXT, StorageFormat.TIMESTAMPS_EXT};
        long[] lengths = new long[4];
        for (int f = 0; f < 4; f++) {
            lengths[f] = in.int64();
            int fileCrc = in.int32();
            byte[] whole = file(chunk, exts[f]);
            assertEquals(whole.length, lengths[f], exts[f] + " length");
            assertEquals(crc(whole, 0, whole.length), fileCrc, exts[f] + " CRC32C");
        }
        int blocks = in.int32();
        long[] positions = new long[blocks];
        int[] compressed = new int[blocks];
        int[] raw = new int[blocks];
        int[] first = new int[blocks];
        byte[] data = file(chunk, StorageFormat.DATA_EXT);
        for (int b = 0; b < blocks; b++) {
            positions[b] = in.int64();
            compressed[b] = in.int32();
            raw[b] = in.int32();
            first[b] = in.int32();
            assertEquals(crc(data, (int) positions[b], (int) positions[b] + compressed[b]), in.int32(), "block CRC");
        }
        int flags = in.int32();
        int[] replaces = new int[in.int32()];
        for (int i = 0; i < replaces.length; i++) {
            replaces[i] = in.int32();
        }
        assertEquals(crc(bytes, 0, in.position), in.int32(), "meta CRC32C of all preceding bytes");
        assertEquals(bytes.length, in.position, "the meta ends with its CRC");
        return new Meta(number, documents, min, max, partitions, lengths, positions, compressed, raw, first, flags, replaces);
    }

    /** The records of a chunk as the data file documents them: (partition, offset, line, source) in ordinal order. */
    private List<Object[]> readData(int chunk, Meta meta) throws Exception {
        byte[] data = file(chunk, StorageFormat.DATA_EXT);
        In in = new In(data, 0);
        in.header("OBSD");
        int dictionaryLength = in.int32();
        byte[] dictionary = Arrays.copyOfRange(data, in.position, in.position + dictionaryLength);
        assertEquals(meta.blockPositions()[0], in.position + dictionaryLength, "the first block follows the dictionary");
        List<Object[]> records = new ArrayList<>();
        for (int b = 0; b < meta.blockPositions().length; b++) {
            assertEquals(records.size(), meta.firstOrdinals()[b], "first ordinal of block " + b);
            byte[] frame = Arrays.copyOfRange(data, (int) meta.blockPositions()[b],
                    (int) meta.blockPositions()[b] + meta.compressed()[b]);
            byte[] raw;
            try (ZstdDecompressCtx context = new ZstdDecompressCtx()) {
                if (dictionaryLength > 0) {
                    context.loadDict(dictionary);
                }
                raw = context.decompress(frame, meta.raw()[b]);
            }
            In block = new In(raw, 0);
            int count = block.vint();
            int headsLength = block.vint();
            int skeletonsLength = block.vint();
            int templatesLength = block.vint();
            int headsEnd = block.position + headsLength;
            In skeletons = new In(raw, headsEnd);
            In values = new In(raw, headsEnd + skeletonsLength);
            byte[] variables = variablesInMarkOrder(raw, headsEnd + skeletonsLength, templatesLength);
            int variable = 0;
            long offset = 0;
            int line = 0;
            for (int r = 0; r < count; r++) {
                int partition = block.vint();
                long head = block.zlong();
                long delta = head >> 1;
                offset = r == 0 ? delta : offset + delta;
                line = (head & 1) != 0 ? block.vint() : r > 0 && delta == 0 ? line + 1 : 0;
                int flags = block.vint();
                assertEquals(0, flags >>> 1, "no timestamp text was cut: the sources hold none");
                byte[] source;
                if ((flags & 1) == 0) {
                    source = skeletons.bytes();
                } else {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    for (int c; (c = skeletons.byte8()) != 0; ) {
                        if (c == 1) {
                            for (int v; (v = values.byte8()) != 0; ) {
                                if (v == 2) { // a variable: the next one in mark order
                                    while (variables[variable] != 0) {
                                        out.write(variables[variable++]);
                                    }
                                    variable++;
                                } else {
                                    out.write(v);
                                }
                            }
                        } else {
                            out.write(c);
                        }
                    }
                    source = out.toByteArray();
                }
                records.add(new Object[] {partition, offset, line, new String(source, StandardCharsets.UTF_8)});
            }
            assertEquals(headsEnd, block.position, "heads take headsLength bytes");
            assertEquals(headsEnd + skeletonsLength, skeletons.position, "skeletons take skeletonsLength bytes");
            assertEquals(headsEnd + skeletonsLength + templatesLength, values.position, "templates take templatesLength bytes");
            assertEquals(variables.length, variable, "every variable is used");
        }
        return records;
    }

    /**
     * The variables section of a block (from the end of the templates to the block's end) put back
     * in the order of the marks in the templates: the section holds them grouped by slot, slots in
     * order of first use; a mark's slot is h over the bytes of its template before it.
     */
    private static byte[] variablesInMarkOrder(byte[] raw, int templates, int templatesLength) {
        java.util.LinkedHashMap<Long, List<Integer>> marksBySlot = new java.util.LinkedHashMap<>();
        long h = 0;
        int marks = 0;
        for (int i = templates; i < templates + templatesLength; i++) {
            int b = raw[i] & 0xff;
            if (b == 0) {
                h = 0;
                continue;
            }
            if (b == 2) {
                marksBySlot.computeIfAbsent(h, k -> new ArrayList<>()).add(marks++);
            }
            h = (h ^ b) * 0x100000001b3L;
        }
        byte[][] byMark = new byte[marks][];
        In section = new In(raw, templates + templatesLength);
        for (List<Integer> slot : marksBySlot.values()) {
            String previous = null;
            for (int mark : slot) {
                StringBuilder word = new StringBuilder();
                for (int c; (c = section.byte8()) != 0; ) {
                    word.append((char) c);
                }
                String text = word.toString();
                if (text.startsWith("~")) { // the difference to the slot's previous word, a number
                    text = Long.toString(Long.parseLong(previous) + Long.parseLong(text.substring(1)));
                }
                previous = text;
                byMark[mark] = (text + "\u0000").getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        assertEquals(raw.length, section.position, "the variables end the block");
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] word : byMark) {
            all.writeBytes(word);
        }
        return all.toByteArray();
    }

    private long[] readTimestamps(int chunk) throws Exception {
        In in = new In(file(chunk, StorageFormat.TIMESTAMPS_EXT), 0);
        in.header("OBST");
        int documents = in.int32();
        int interval = in.int32();
        int restarts = in.int32();
        long[] timestamps = new long[documents];
        for (int r = 0; r < restarts; r++) {
            long first = in.int64();
            int position = in.int32();
            int from = r * interval;
            int to = Math.min(documents, from + interval);
            timestamps[from] = first;
            if (to - from > 1) {
                In group = new In(in.buffer.array(), position);
                int width = group.byte8();
                long minGap = group.vlong();
                long bits = 0;
                int filled = 0;
                for (int i = from + 1; i < to; i++) {
                    long value = 0;
                    for (int got = 0; got < width; got++) {
                        if (filled == 0) {
                            bits = group.byte8();
                            filled = 8;
                        }
                        value |= (bits & 1) << got; // little-endian bit order
                        bits >>>= 1;
                        filled--;
                    }
                    timestamps[i] = timestamps[i - 1] + minGap + value;
                }
            }
        }
        return timestamps;
    }

    private int[] readShapeColumn(int chunk, int documents) throws Exception {
        In in = new In(file(chunk, StorageFormat.POSTINGS_EXT), 0);
        in.header("OBSP");
        int shapeCount = in.int32();
        int rawLength = in.int32();
        int compressedLength = in.int32();
        byte[] raw = Zstd.decompress(Arrays.copyOfRange(in.buffer.array(), in.position, in.position + compressedLength), rawLength);
        In column = new In(raw, 0);
        int[] shapes = new int[documents];
        for (int d = 0; d < documents; d++) {
            shapes[d] = column.vint();
            assertTrue(shapes[d] < shapeCount, "shape id below the count");
        }
        assertEquals(raw.length, column.position);
        return shapes;
    }

    /** One (term, field) entry of the dictionary. */
    private record Entry(String term, String field, int[] shapes, int[] ordinals) {
    }

    private List<Entry> readDictionary(int chunk, int documents) throws Exception {
        Dictionary dictionary = readDictionary(file(chunk, StorageFormat.DICT_EXT), documents);
        assertEquals(0, dictionary.filtersPosition(), "a hot dictionary without block filters has no filters");
        assertEquals(0, dictionary.prefixesPosition(), "nor prefixes");
        return dictionary.entries();
    }

    /** A dictionary file's entries, and where its filter section and prefix dictionary start (0: none). */
    private record Dictionary(List<Entry> entries, String[] fields, int filtersPosition, int prefixesPosition) {
    }

    private static Dictionary readDictionary(byte[] bytes, int documents) {
        In in = new In(bytes, 0);
        in.header("OBSK");
        String[] fields = new String[in.int32()];
        for (int f = 0; f < fields.length; f++) {
            fields[f] = new String(in.bytes(), StandardCharsets.UTF_8);
        }
        int termCount = in.int32();
        int blocks = in.int32();
        int filtersPosition = in.int32();
        int prefixesPosition = in.int32();
        int[][] table = new int[blocks][4];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < 4; i++) {
                table[b][i] = in.int32();
            }
        }
        List<Entry> entries = new ArrayList<>();
        TreeSet<String> terms = new TreeSet<>();
        for (int b = 0; b < blocks; b++) {
            String firstTerm = new String(new In(bytes, table[b][0]).bytes(), StandardCharsets.UTF_8);
            byte[] raw = Zstd.decompress(Arrays.copyOfRange(bytes, table[b][1], table[b][1] + table[b][2]), table[b][3]);
            // three sections: each entry's (shared, suffix length), its suffix bytes, its postings
            In block = new In(raw, 0);
            int lengthsSize = block.vint();
            int suffixesSize = block.vint();
            In lengths = new In(raw, block.position);
            In suffixes = new In(raw, block.position + lengthsSize);
            block.position += lengthsSize + suffixesSize;
            byte[] previous = new byte[0];
            int previousFirst = 0;
            while (block.position < raw.length) {
                int shared = lengths.vint();
                byte[] suffix = new byte[lengths.vint()];
                for (int i = 0; i < suffix.length; i++) {
                    suffix[i] = (byte) suffixes.byte8();
                }
                byte[] term = Arrays.copyOf(previous, shared + suffix.length);
                System.arraycopy(suffix, 0, term, shared, suffix.length);
                previous = term;
                String text = new String(term, StandardCharsets.UTF_8);
                terms.add(text);
                for (boolean more = true; more; ) {
                    int header = block.vint();
                    more = (header & 1) != 0;
                    boolean positions = (header & 2) != 0;
                    String field = fields[header >>> 2];
                    int[] shapes = new int[block.vint()];
                    for (int s = 0, last = 0; s < shapes.length; s++) {
                        shapes[s] = last += block.vint();
                    }
                    int docFreq = block.vint();
                    int[] ordinals = new int[docFreq];
                    if (docFreq == documents) {
                        Arrays.setAll(ordinals, i -> i);
                    } else {
                        for (int d = 0, last = 0; d < docFreq; d++) {
                            if (d == 0) { // zig-zag: relative to the block's previous list's first
                                int stored = block.vint();
                                last = previousFirst += stored >>> 1 ^ -(stored & 1);
                            } else {
                                last += block.vint();
                            }
                            ordinals[d] = last;
                        }
                    }
                    for (int covered = 0; positions && covered < docFreq; ) {
                        block.byte8();
                        covered += block.vint();
                    }
                    entries.add(new Entry(text, field, shapes, ordinals));
                }
            }
            assertEquals(lengthsSize, lengths.position - new In(raw, 0).skipVints(2), "the lengths section read whole");
            assertEquals(suffixes.position, lengths.position + suffixesSize, "the suffixes section read whole");
            assertEquals(firstTerm, firstTermOfBlock(raw), "the table's first term of block " + b);
        }
        assertEquals(termCount, terms.size(), "termCount");
        return new Dictionary(entries, fields, filtersPosition, prefixesPosition);
    }

    private static String firstTermOfBlock(byte[] raw) {
        In block = new In(raw, 0);
        int lengthsSize = block.vint();
        block.vint(); // suffixes size
        In suffixes = new In(raw, block.position + lengthsSize);
        assertEquals(0, block.vint(), "a block's first term shares no prefix");
        byte[] term = new byte[block.vint()];
        for (int i = 0; i < term.length; i++) {
            term[i] = (byte) suffixes.byte8();
        }
        return new String(term, StandardCharsets.UTF_8);
    }

    private static List<LogRecord> records(int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int partition = i % 3;
            long timestamp = 1_750_000_000_000L + (i * 7919L % 1000) * 13 + i / 2;
            // groups of up to 4 logs share a Kafka record: (offset, line)
            LogRecord one = TestRecords.record(partition, 1000 + i / 4, timestamp, "msg", "event number " + i,
                    "path", "/var/log/service-" + (i % 5) + "/requests.log");
            records.add(new LogRecord(partition, one.offset(), i % 4, timestamp, one.source(), one.fields()));
        }
        return records;
    }

    /** As the meta documents it: offset &lt;&lt; 16 | line. */
    private static long sequence(LogRecord record) {
        return record.offset() << 16 | record.line();
    }

    @Test
    void aHotChunkReadsBackWithOnlyTheDocumentedLayout() throws Exception {
        List<LogRecord> records = records(500);
        // Without block filters, every number is in the dictionary (the test below reads those with them).
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL.withHotBlockFilters(false))) {
            store.append(records);
        }
        List<LogRecord> byOrdinal = new ArrayList<>(records);
        byOrdinal.sort(Comparator.comparingLong(LogRecord::timestamp).thenComparingLong(StorageFormatTest::sequence)
                .thenComparingInt(LogRecord::partition));

        Meta meta = readMeta(1);
        assertEquals(1, meta.number());
        assertEquals(500, meta.documents());
        assertEquals(byOrdinal.get(0).timestamp(), meta.minTimestamp());
        assertEquals(byOrdinal.get(499).timestamp(), meta.maxTimestamp());
        assertEquals(3, meta.partitions().size());
        for (long[] partition : meta.partitions()) {
            long p = partition[0];
            assertEquals(records.stream().filter(r -> r.partition() == p).mapToLong(StorageFormatTest::sequence).min().orElseThrow(), partition[1]);
            assertEquals(records.stream().filter(r -> r.partition() == p).mapToLong(StorageFormatTest::sequence).max().orElseThrow(), partition[2]);
        }
        assertEquals(0, meta.flags(), "hot");
        assertEquals(0, meta.replaces().length);

        List<Object[]> stored = readData(1, meta);
        assertEquals(500, stored.size());
        for (int d = 0; d < 500; d++) {
            LogRecord expected = byOrdinal.get(d);
            assertEquals(expected.partition(), stored.get(d)[0], "partition of ordinal " + d);
            assertEquals(expected.offset(), stored.get(d)[1], "offset of ordinal " + d);
            assertEquals(expected.line(), stored.get(d)[2], "line of ordinal " + d);
            assertEquals(new String(expected.source(), StandardCharsets.UTF_8), stored.get(d)[3], "source of ordinal " + d);
        }
        assertArrayEquals(byOrdinal.stream().mapToLong(LogRecord::timestamp).toArray(), readTimestamps(1));

        int[] shapeOf = readShapeColumn(1, 500);
        List<Entry> entries = readDictionary(1, 500);
        // "event" is in every message: its shapes and explicit list cover every document once.
        Entry event = entries.stream().filter(e -> e.term().equals("event") && e.field().equals("msg")).findFirst().orElseThrow();
        TreeSet<Integer> matched = new TreeSet<>();
        for (int d = 0; d < 500; d++) {
            if (Arrays.binarySearch(event.shapes(), shapeOf[d]) >= 0) {
                matched.add(d);
            }
        }
        for (int ordinal : event.ordinals()) {
            matched.add(ordinal);
        }
        assertEquals(500, matched.size());
        // A number is listed by document: "317" is the message of exactly one record.
        Entry number = entries.stream().filter(e -> e.term().equals("317") && e.field().equals("msg")).findFirst().orElseThrow();
        int ordinalOf317 = byOrdinal.indexOf(records.get(317));
        assertArrayEquals(new int[] {ordinalOf317}, number.ordinals());
        assertEquals(0, number.shapes().length, "a term with a digit is not in shapes");
    }

    @Test
    void aHotChunkWithBlockFiltersListsTheFilteredTermsPrefixesInANestedDictionary() throws Exception {
        // Each number is in one record, so a store that can read records back filters them
        // (digit-first, rare, 6 digits) in hot chunks.
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long timestamp = 1_750_000_000_000L + (i * 7919L % 1000) * 13 + i / 2;
            records.add(TestRecords.record(i % 3, 1000 + i, timestamp, "msg", "event number " + (100_000 + i * 7919L % 900_000),
                    "path", "/var/log/service-" + (i % 5) + "/requests.log"));
        }
        StoreSettings filtering = TestRecords.withFields(new StoreSettings(64 << 20, 1_000_000, 3)).withHotBlockFilters(true);
        try (IndexStore store = IndexStore.open(dir, filtering)) {
            store.append(records);
            store.seal();
            assertPrefixDictionary(1, records);
            assertEquals(1, store.compact());
            Dictionary cold = readDictionary(file(2, StorageFormat.DICT_EXT), records.size());
            assertTrue(cold.filtersPosition() > 0, "cold filters");
            assertEquals(0, cold.prefixesPosition(), "cold chunks keep no prefixes");
        }
    }

    /** The chunk's filtered numbers of msg are listed by their first 3 characters, nowhere else, and the filters end the file. */
    private void assertPrefixDictionary(int chunk, List<LogRecord> records) throws Exception {
        List<LogRecord> byOrdinal = new ArrayList<>(records);
        byOrdinal.sort(Comparator.comparingLong(LogRecord::timestamp).thenComparingLong(LogRecord::offset)
                .thenComparingInt(LogRecord::partition));
        byte[] bytes = file(chunk, StorageFormat.DICT_EXT);
        Dictionary outer = readDictionary(bytes, records.size());
        assertTrue(outer.filtersPosition() > 0, "filters");
        assertTrue(outer.prefixesPosition() > 0 && outer.prefixesPosition() < outer.filtersPosition(),
                "the prefix dictionary ends where the filters start");
        Dictionary prefixes = readDictionary(Arrays.copyOfRange(bytes, outer.prefixesPosition(), outer.filtersPosition()),
                records.size());
        assertEquals(0, prefixes.filtersPosition());
        assertEquals(0, prefixes.prefixesPosition());
        assertArrayEquals(outer.fields(), prefixes.fields(), "the same field ids");

        java.util.Map<String, TreeSet<Integer>> expected = new java.util.TreeMap<>();
        for (int ordinal = 0; ordinal < byOrdinal.size(); ordinal++) {
            String message = TestRecords.value(byOrdinal.get(ordinal), "msg");
            String number = message.substring(message.lastIndexOf(' ') + 1);
            assertTrue(outer.entries().stream().noneMatch(e -> e.term().equals(number) && e.field().equals("msg")),
                    number + " is filtered, not in the dictionary");
            expected.computeIfAbsent(number.substring(0, Math.min(3, number.length())), p -> new TreeSet<>()).add(ordinal);
        }
        java.util.Map<String, TreeSet<Integer>> actual = new java.util.TreeMap<>();
        for (Entry entry : prefixes.entries()) {
            assertEquals("msg", entry.field());
            assertEquals(0, entry.shapes().length);
            TreeSet<Integer> ordinals = new TreeSet<>();
            Arrays.stream(entry.ordinals()).forEach(ordinals::add);
            assertEquals(entry.ordinals().length, ordinals.size(), "distinct");
            actual.put(entry.term(), ordinals);
        }
        assertEquals(expected, actual);

        // The filter section: int32 fieldCount, field ids, int32 filterCount, (position, words) each; it ends the file.
        In in = new In(bytes, outer.filtersPosition());
        int fields = in.int32();
        assertEquals(1, fields);
        assertEquals(Arrays.asList(outer.fields()).indexOf("msg"), in.int32());
        int filters = in.int32();
        int end = 0;
        for (int f = 0; f < filters; f++) {
            int position = in.int32();
            int words = in.int32();
            end = Math.max(end, outer.filtersPosition() + position + 8 * words);
        }
        assertEquals(bytes.length, end, "the filters end the file");
    }

    @Test
    void aCompactedChunkCarriesItsZstdDictionaryItsFlagsAndTheChunksItReplaces() throws Exception {
        // Enough text to train a zstd dictionary, in one hot chunk rewritten cold alone.
        StoreSettings oneChunk = TestRecords.withFields(new StoreSettings(64 << 20, 1_000_000, 3));
        List<LogRecord> records = records(60_000);
        try (IndexStore store = IndexStore.open(dir, oneChunk)) {
            store.append(records);
            store.seal();
            assertEquals(1, store.compact());
        }
        Meta meta = readMeta(2);
        assertEquals(2, meta.number());
        assertEquals(1, meta.flags(), "COLD");
        assertArrayEquals(new int[] {1}, meta.replaces(), "the hot chunk it was rewritten from");
        byte[] data = file(2, StorageFormat.DATA_EXT);
        int dictionaryLength = ByteBuffer.wrap(data).getInt(StorageFormat.HEADER_BYTES);
        assertTrue(dictionaryLength > 0, "a trained zstd dictionary prefixes the blocks");
        List<Object[]> stored = readData(2, meta);
        assertEquals(60_000, stored.size());
        assertEquals(new String(records.get(0).source(), StandardCharsets.UTF_8), stored.get(0)[3]);
        assertTrue(Files.notExists(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT))), "the old chunk is gone");
    }
}
