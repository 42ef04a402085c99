package org.observer.storage;

import org.observer.storage.chunk.ChunkCompactor;
import org.observer.storage.chunk.RecordBlock;
import org.observer.storage.dictionary.BlockFilters;
import org.observer.storage.dictionary.FilteredPrefixes;
import org.observer.storage.dictionary.GapPositions;
import org.observer.storage.segment.SegmentShapes;

/**
 * The on-disk layout of an index directory, byte by byte: chunk files are format version
 * {@value #CHUNK_VERSION}, the active segment version {@value #SEGMENT_VERSION}.
 *
 * <h2>Encodings</h2>
 * <ul>
 * <li>{@code int32}/{@code int64}: fixed width, big-endian.</li>
 * <li>{@code vint}/{@code vlong}: unsigned LEB128 (7 bits per byte, low bits first, high bit = more).</li>
 * <li>{@code zlong}: zig-zag mapped signed value ({@code (v << 1) ^ (v >> 63)}) written as vlong.</li>
 * <li>{@code bytes}: {@code vint length} followed by that many bytes; strings are UTF-8.</li>
 * <li>CRC: CRC32C ({@link java.util.zip.CRC32C}) stored as int32.</li>
 * <li>zstd: one zstd frame (zstd-jni), at the store's level ({@link StoreSettings#zstdLevel()}).</li>
 * </ul>
 * Every file starts with a header: {@code int32 magic, int32 version}.
 *
 * <h2>Keyword keys and shapes</h2>
 * A document is indexed once per distinct (term, field) it holds: term = a token of a field value
 * ({@link org.observer.analysis.Analyzer}), field = the flattened field name. Keys are ordered
 * term first, then field: by the term's UTF-8 bytes compared unsigned, then by the field's id
 * (chunk field ids number the chunk's field names in unsigned UTF-8 byte order). "Term t in any
 * field" is one dictionary entry, the union of its fields, counting a document once.
 *
 * <p>Log lines come in kinds: the same words, different numbers. A document's <em>shape</em> is
 * the sequence of its digit-free keys (terms with no digit, with their fields). A digit-free key
 * is indexed by the shapes that hold it, not by document: the documents of "connection refused"
 * are the documents of the few shapes with those words, however many lines there are. Keys with a
 * digit (ids, numbers, times, addresses) vary from line to line and are indexed by document,
 * explicitly. A document matches a key if its shape holds the key or it is in the key's explicit
 * list. A segment stops adding shapes at {@link SegmentShapes#MAX_SHAPES}; later documents with a
 * new sequence get shape 0 (holding nothing) and list all their keys explicitly.
 *
 * <h2>{@value #SEGMENT_FILE} – the active segment (write-ahead log)</h2>
 * <pre>
 * header   int32 {@link #SEGMENT_MAGIC} "OBSW", int32 {@link #SEGMENT_VERSION}
 * frame*   int32 length (&gt; 0), int32 CRC32C(payload), payload[length]
 * payload  vint partition, zlong offset, vint line (version 3 on), zlong timestamp, bytes source,
 *          vint fieldCount, fieldCount × (bytes name, value)
 * value    vint 0, bytes value (UTF-8); or, when those bytes occur in the source,
 *          vint (position + 1), vint length: the value is source[position, position + length)
 * </pre>
 * Written through a memory mapping of {@link #SEGMENT_MIN_BYTES} that doubles up to
 * {@link #SEGMENT_GROW_BYTES} steps, so the file may end in zeros; a length of 0, a length past the end or a CRC mismatch ends the log (torn
 * tail). The file exists only while it holds unsealed records: it is created by the first append
 * after open or after a seal, never by opening or searching. Opening replays it through a
 * read-only mapping and changes nothing; the first append reopens it for writing and zeroes the
 * torn tail before writing the next frame there. Closing a store that appended truncates the
 * file to its real length (after sealing, so normally deletes it); closing a store that only read
 * leaves every file as it was (a segment replayed after a crash waits for the next writer).
 * The keyword map of the segment (keys, shapes) is in memory only, rebuilt on replay.
 *
 * <h2>chunk-NNNNN.* – a sealed, immutable chunk</h2>
 * Documents are numbered 0..n-1 (ordinals) in ascending (timestamp, sequence, partition) order, so
 * a time range is a contiguous ordinal range and newest-first is descending ordinal order.
 * <pre>
 * chunk-NNNNN.dat.zst  header "OBSD"; int32 dictionaryLength, dictionaryLength bytes: a zstd
 *                      dictionary (0 bytes in a hot chunk, whose blocks are compressed alone; a
 *                      compacted chunk of {@link ChunkCompactor#MIN_TRAINING_BYTES}+ of records has
 *                      one trained on its blocks, and every block needs it to decompress); then
 *                      blocks back to back, each one zstd frame. A block holds
 *                      consecutive ordinals; it is cut once its heads and values reach
 *                      {@link #BLOCK_RAW_BYTES} (or its skeletons do). Its raw form:
 *                        vint count, vint headsLength, vint skeletonsLength,
 *                        [vint templatesLength, version 9 on],
 *                        heads      count × (vint partition, zlong (delta &lt;&lt; 1 | explicit),
 *                                   [vint line, when explicit], vint flags): delta is the record's
 *                                   Kafka offset (the first) or its difference to the previous
 *                                   record's; the line is implied when not explicit: the previous
 *                                   record's line + 1 when delta is 0 (logs of one Kafka record),
 *                                   else 0. (Before version 6: zlong delta alone, every line 0.)
 *                        skeletons  count × skeleton, values: the moved values, in order.
 *                      flags = cut &lt;&lt; 1 | split. cut = 0, or (position &lt;&lt; 1 | form) + 1 when the
 *                      source held the ISO-8601 text of the document's timestamp (form 0
 *                      "yyyy-MM-ddTHH:mm:ss.SSSZ", form 1 "yyyy-MM-ddTHH:mm:ssZ" for a whole
 *                      second): the text is left out at that position and rendered back from the
 *                      timestamp column. split = 1 when the source (a JSON text: every string
 *                      closed, no byte 0x00 or 0x01) had the contents of each string value of
 *                      {@link RecordBlock#MIN_VALUE_BYTES}+ bytes (not a key, not holding the cut)
 *                      moved to the values section: its skeleton is the rest with byte 0x01 for
 *                      each moved value, ended by 0x00, and each value is its bytes ended by 0x00.
 *                      split = 0: the skeleton is bytes (the source without the cut text).
 *                      Version 9 on, a split source must hold no byte 0x02 either, and each
 *                      moved value is its template (templatesLength bytes in all, values in
 *                      order): the value with each word holding a digit (a run of ASCII letters,
 *                      digits, '.', '_', '-') replaced by byte 0x02, ended by 0x00; the variables
 *                      section follows: the words, each ended by 0x00, grouped by slot, slots in
 *                      order of first use, a slot's words in order. A word's slot is h over the
 *                      bytes of its template before it (its marks included): h = 0, then for each
 *                      byte b, h = (h xor b) × 0x100000001b3 (64 bits). A word that is a number
 *                      (1 to 18 digits, no leading 0) after a number of the same slot may be
 *                      written as '~' and the decimal difference (with '-' when negative).
 *                      Sealing writes values whole (templates without marks, no variables);
 *                      compaction writes them as templates.
 * chunk-NNNNN.dict     header "OBSK"; int32 fieldCount, fieldCount × bytes fieldName (distinct,
 *                      ascending unsigned UTF-8; a field's id is its index here); int32 termCount,
 *                      int32 blockCount, int32 filtersPosition (version 4 on; 0: no filters, else
 *                      the file position of the filter section that ends the file, see
 *                      {@link BlockFilters}), int32 prefixesPosition (version 7 on; 0: none, always
 *                      0 without filters and in cold chunks, else the file position of the prefix dictionary, which
 *                      ends where the filter section starts), blockCount × (int32 file position of the block's first
 *                      term, int32 file position of the block, int32 compressedLength,
 *                      int32 rawLength); blockCount × bytes firstTerm; the blocks, each zstd of
 *                      about {@link #DICT_BLOCK_RAW_BYTES} raw bytes of entries in ascending
 *                      unsigned UTF-8 order of the term. Version 8 on, a block's raw bytes are
 *                      three sections, each entry's parts in entry order (zstd then sees like next
 *                      to like, digits with digits, postings with postings: hot dictionaries of
 *                      unique ids 8-10% smaller, HDFS 26.0 to 23.9 bytes per line, and 26% for JSON
 *                      documents full of counters, 144.6 to 107.0; the others 1-6%):
 *                        vint lengthsSize, vint suffixesSize, lengths[lengthsSize] (per entry:
 *                        vint sharedPrefixLength, vint suffixLength), suffixes[suffixesSize] (per
 *                        entry its suffix's bytes), then the postings to the block's end (per
 *                        entry its fields as below).
 *                      Before version 8 each entry is whole, one after the other:
 *                        vint sharedPrefixLength (with the previous term; 0 first in a block),
 *                        bytes suffix, then one or more fields, fieldId ascending:
 *                          vint (fieldId &lt;&lt; 2 | positions &lt;&lt; 1 | more) (version 5 on;
 *                          before: fieldId &lt;&lt; 1 | more), more = 1 if another field follows,
 *                          vint shapeCount, shapeCount × vint (shape id, then gaps &gt; 0),
 *                          vint docFreq (explicit documents), and unless docFreq is the
 *                          chunk's document count (every document: nothing stored),
 *                          docFreq × vint (first ordinal, then gaps &gt; 0; version 8 on, the
 *                          first ordinal is zig-zag mapped: its difference to the first ordinal of
 *                          the block's previous list, 0 for the block's first list, since a
 *                          term's neighbours in byte order often first occur near it: ids and
 *                          counters that grow with time); then if positions = 1
 *                          (a term with a digit listing {@link #POSITIONS_MIN_DOCUMENTS}+
 *                          documents, in a chunk of {@link #POSITIONS_MIN_CHUNK_BYTES}+ of
 *                          records) the gap it fills in each document ({@link GapPositions}):
 *                          runs of (byte value, vint count) covering the docFreq documents in
 *                          ordinal order.
 *                      Cold dictionaries ({@link ChunkCompactor}) leave out the (term, field) entries
 *                      of text fields whose term is a number or hex id ({@link BlockFilters#qualifies})
 *                      listing at most {@link BlockFilters#MAX_DOCUMENTS} documents; each data block
 *                      has a Bloom filter of those terms among its records, which are read back to
 *                      find them. Their blocks hold {@link #COLD_DICT_BLOCK_RAW_BYTES} of entries.
 *                      Hot dictionaries of a store that can read records back into fields do the
 *                      same for the rarest of them only: terms starting with a digit
 *                      ({@link BlockFilters#qualifiesHot}) listing at most
 *                      {@link BlockFilters#HOT_MAX_DOCUMENTS} documents (version 7 on: only those
 *                      of {@link BlockFilters#HOT_MIN_LENGTH}+ characters), so that a prefix starting
 *                      with a letter never reads a hot chunk's records back. (Same layout as in
 *                      version 5, so no new version: a reader that assumes the cold rule for hot
 *                      filters reads more records back but finds the same; hot chunks written
 *                      before had no filters.) Compacting such a chunk finds those terms again by
 *                      tokenizing its filtered fields as the records are re-cut into cold blocks
 *                      ({@link ChunkCompactor}).
 *                      The prefix dictionary (version 7 on, in every hot dictionary with filters;
 *                      cold ones have none: its postings made the cold sample 2.8 bytes per line
 *                      bigger, and a cold prefix reads records back as before) is
 *                      a whole {@code .dict} of this layout (header, same field names, no filters,
 *                      no prefixes; positions relative to its own start, blocks of the enclosing
 *                      dictionary's size) whose terms are the first
 *                      {@link FilteredPrefixes#LENGTH} characters of the filtered terms (the whole
 *                      term if shorter); the entry of a prefix lists, per field, no shape and the
 *                      documents holding a filtered term with that prefix in that field
 *                      ({@link FilteredPrefixes}).
 * chunk-NNNNN.post     header "OBSP"; the shape column: int32 shapeCount, int32 rawLength,
 *                      int32 compressedLength, zstd of documentCount × vint shape id in ordinal
 *                      order. Chunk shape ids number the shapes by descending document count.
 * chunk-NNNNN.ts       header "OBST"; int32 docCount, int32 interval, int32 restartCount,
 *                      restartCount × (int64 timestamp of doc r*interval, int32 absolute position of
 *                      its group); a group of g &gt; 1 documents (interval = {@link #TIMESTAMP_RESTART_INTERVAL}
 *                      but the last): byte width, vlong minGap, then the g-1 values
 *                      (gap - minGap), gap = timestamp minus the previous document's, each in
 *                      width bits, little-endian bit order, padded to a byte.
 * chunk-NNNNN.meta     header "OBSM"; int32 chunkNumber, int32 docCount, int64 minTimestamp,
 *                      int64 maxTimestamp; int32 partitionCount × (int32 partition,
 *                      int64 minSequence, int64 maxSequence: the {@link LogSequence}s, offset
 *                      &lt;&lt; 16 | line, of the partition's first and last log held (before
 *                      version 6: Kafka offsets, read as sequences of line 0)); int32 fileCount (4) × (int64 length,
 *                      int32 CRC32C of the whole file) for dat, dict, post, ts in that order;
 *                      int32 blockCount × (int64 file position, int32 compressedLength,
 *                      int32 rawLength, int32 firstOrdinal, int32 CRC32C of the compressed frame);
 *                      int32 flags (1 = cold: written by compaction, see {@link ChunkCompactor});
 *                      int32 replacedCount × int32 chunkNumber: the chunks this one was compacted or
 *                      merged from, garbage once this meta is durable (open deletes any left);
 *                      int32 CRC32C of all preceding bytes of the meta file.
 * </pre>
 * Every chunk file's header carries {@link #CHUNK_VERSION} (files of versions
 * {@link #OLDEST_CHUNK_VERSION} on are read). A file of another version, or a segment of another
 * {@link #SEGMENT_VERSION}, is not guessed at and is not damage either: opening the index fails with
 * {@link UnsupportedFormatException} naming both versions, before anything in the directory is
 * changed, and the index is not rebuilt. A wrong magic, a failed checksum, or checksummed bytes that
 * do not decode ({@link org.observer.storage.io.Decoding}) are damage: {@link CorruptIndexException}.
 * Each file is written once: to {@code name + ".tmp"}, fsynced, renamed, then the directory is
 * fsynced. The meta file is written last; a chunk without a meta is an interrupted seal and is
 * deleted on open. The active segment is deleted only after the meta is durable; if a crash
 * leaves both, the segment's records are skipped on replay because their offsets are not above
 * the partition's applied offset.
 */
public final class StorageFormat {

    public static final String SEGMENT_FILE = "segment.wal";
    public static final String CHUNK_PREFIX = "chunk-";
    public static final String TEMP_SUFFIX = ".tmp";

    public static final String DATA_EXT = ".dat.zst";
    public static final String DICT_EXT = ".dict";
    public static final String POSTINGS_EXT = ".post";
    public static final String TIMESTAMPS_EXT = ".ts";
    public static final String META_EXT = ".meta";

    public static final int SEGMENT_MAGIC = magic("OBSW");
    public static final int DATA_MAGIC = magic("OBSD");
    public static final int DICT_MAGIC = magic("OBSK");
    public static final int POSTINGS_MAGIC = magic("OBSP");
    public static final int TIMESTAMPS_MAGIC = magic("OBST");
    public static final int META_MAGIC = magic("OBSM");

    /**
     * 3: a record's line in its Kafka record follows its offset. 2: field values found in the
     * source point there (1 stored them again).
     */
    public static final int SEGMENT_VERSION = 3;
    /** Segments of this version on are read (2 as "every line 0"), and sealed before the first append. */
    public static final int OLDEST_SEGMENT_VERSION = 2;
    /** The segment version from which a record's line follows its offset. */
    public static final int SEGMENT_LINES_VERSION = 3;
    /**
     * 9: a record block's moved values are templates, their words with digits in a variables
     * section grouped by slot.
     * 8: a dictionary block keeps its entries' term lengths, suffixes and postings in three sections,
     * and a list's first ordinal is relative to the previous list's.
     * 7: hot dictionaries with filters carry the filtered terms' short prefixes with their documents.
     * 6: records' heads carry their line in the Kafka record (a record may hold a group of logs),
     * and the meta's ranges are {@link LogSequence}s.
     * 5: dictionary entries of common terms with a digit may carry the term's shape positions.
     * 4: cold dictionaries may move rare numbers and hex ids of text fields to per-block filters.
     * 3: shapes; dictionary entries with their postings in zstd blocks; records split into heads,
     * skeletons and values, timestamp text cut; bit-packed timestamps. (2: per-document postings.)
     */
    public static final int CHUNK_VERSION = 9;
    /** The chunk version from which records carry a line (see {@link #CHUNK_VERSION}). */
    public static final int LINES_VERSION = 6;
    /** The chunk version from which a dictionary has the prefixes position (see {@link #CHUNK_VERSION}). */
    public static final int PREFIXES_VERSION = 7;
    /** The chunk version from which a dictionary block is in sections (see {@link #CHUNK_VERSION}). */
    public static final int SECTIONED_DICTIONARY_VERSION = 8;
    /** The chunk version from which a record block's moved values are templates and variables (see {@link #CHUNK_VERSION}). */
    public static final int TEMPLATES_VERSION = 9;
    /**
     * 4 added the dictionary's filters position (and filters in cold chunks), 5 the positions,
     * 6 the lines, 7 the prefixes position, 8 the dictionary blocks' sections and relative first
     * ordinals; 3 is read as "no filters", 3 and 4 as "no positions", 3 to 5 as "every line 0"
     * (ranges of offsets), 3 to 6 as "no prefixes" (a prefix filtered terms may start with then
     * reads the chunk's records back), 3 to 7 with entries whole and first ordinals absolute.
     */
    public static final int OLDEST_CHUNK_VERSION = 3;

    public static final int HEADER_BYTES = 8;
    public static final int FRAME_HEADER_BYTES = 8;

    /**
     * A new segment's mapping: small, since most of 10,000 indexes are written slowly or not at
     * all, and the file's blocks are allocated (written) before they are mapped.
     */
    public static final int SEGMENT_MIN_BYTES = 64 << 10;
    /** The mapping doubles up to this step: large, so remapping (which blocks readers) is rare. */
    public static final int SEGMENT_GROW_BYTES = 16 << 20;
    /** A MappedByteBuffer is int-indexed; keep the segment well under 2 GB. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    /**
     * Text (heads and values) per hot data block; skeletons come on top, so a block holds about
     * three times this. Fetching a lone hit decompresses its whole block, so this is a trade: 128 KB
     * made the one pass 0.3 byte per line smaller, and rare-word fetches twice as slow.
     */
    public static final int BLOCK_RAW_BYTES = 64 << 10;
    /** Compacted (cold) chunks: bigger blocks compress harder; cold data is fetched rarely. */
    public static final int COLD_BLOCK_RAW_BYTES = 1 << 20;
    /** zstd level of compaction: slow to write (a few MB/s), as fast as any level to read. */
    public static final int COLD_ZSTD_LEVEL = 19;
    /** Dictionary entries are compressed in blocks of about this many bytes: a lookup decompresses one. */
    public static final int DICT_BLOCK_RAW_BYTES = 16 << 10;
    /**
     * A term with a digit in this many documents of a chunk gets their positions in the
     * dictionary: a phrase holding it is then decided per shape instead of reading its lines back.
     */
    public static final int POSITIONS_MIN_DOCUMENTS = 64;
    /**
     * ...but only in a chunk of this many raw record bytes: in a smaller one,
     * reading a phrase's lines back decompresses a few blocks at most, which costs less than the
     * positions' bytes (about 0.6 byte per line on the loghub sample).
     */
    public static final long POSITIONS_MIN_CHUNK_BYTES = 2L << 20;
    /** Cold dictionaries: bigger blocks compress better, and a lookup still decompresses one in microseconds. */
    public static final int COLD_DICT_BLOCK_RAW_BYTES = 64 << 10;
    public static final int TIMESTAMP_RESTART_INTERVAL = 128;

    private StorageFormat() {
    }

    public static String chunkFile(int number, String ext) {
        return String.format("%s%05d%s", CHUNK_PREFIX, number, ext);
    }

    public static String[] chunkDataFiles(int number) {
        return new String[] {chunkFile(number, DATA_EXT), chunkFile(number, DICT_EXT),
                chunkFile(number, POSTINGS_EXT), chunkFile(number, TIMESTAMPS_EXT)};
    }

    private static int magic(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
