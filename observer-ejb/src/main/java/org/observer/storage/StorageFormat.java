package org.observer.storage;

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
 * </ul>
 * Every file starts with a header: {@code int32 magic, int32 version}.
 *
 * <h2>Keyword keys</h2>
 * A document is indexed once per distinct (term, field) it holds: term = a token of a field value
 * ({@link org.observer.analysis.Analyzer}), field = the flattened field name (the empty name is a
 * field like any other). Keys are ordered term first, then field: by the term's UTF-8 bytes
 * compared unsigned, then by the field's id (chunk field ids number the chunk's field names in
 * unsigned UTF-8 byte order). This is the order of the byte strings {@code term + '\0' + field}
 * (tokens hold no NUL), so "term t in any field" is one contiguous run: a query term with no field
 * (or an empty one) matches the union of t's postings over every field, counting a document once.
 * (Version 1 indexed every token twice, also under an any-field key {@code '\0' + term}.)
 *
 * <h2>{@value #SEGMENT_FILE} – the active segment (write-ahead log)</h2>
 * <pre>
 * header   int32 {@link #SEGMENT_MAGIC} "OBSW", int32 {@link #SEGMENT_VERSION}
 * frame*   int32 length (&gt; 0), int32 CRC32C(payload), payload[length]
 * payload  vint partition, zlong offset, zlong timestamp, bytes source,
 *          vint fieldCount, fieldCount × (bytes name, bytes value)
 * </pre>
 * Written through a memory mapping that grows in {@link #SEGMENT_GROW_BYTES} steps, so the file
 * may end in zeros; a length of 0, a length past the end or a CRC mismatch ends the log (torn
 * tail). The file exists only while it holds unsealed records: it is created by the first append
 * after open or after a seal, never by opening or searching. Opening replays it through a
 * read-only mapping and changes nothing; the first append reopens it for writing and zeroes the
 * torn tail before writing the next frame there. Closing a store that appended truncates the
 * file to its real length (after sealing, so normally deletes it); closing a store that only read
 * leaves every file as it was (a segment replayed after a crash waits for the next writer).
 * The keyword map of the segment is in memory only (term -> postings per field), rebuilt on
 * replay; the payload format is unchanged from version 1.
 *
 * <h2>chunk-NNNNN.* – a sealed, immutable chunk</h2>
 * Documents are numbered 0..n-1 (ordinals) in ascending (timestamp, offset, partition) order, so
 * a time range is a contiguous ordinal range and newest-first is descending ordinal order.
 * <pre>
 * chunk-NNNNN.dat.zst  header "OBSD"; then blocks back to back, each one zstd frame. A block's raw
 *                      form holds consecutive ordinals, each: vint partition, zlong offset,
 *                      ts (block's first doc: zlong timestamp; others: vlong delta to the previous
 *                      doc), bytes source (the original JSON, as received). Raw blocks are cut
 *                      once they reach {@link #BLOCK_RAW_BYTES}.
 * chunk-NNNNN.dict     header "OBSK"; int32 fieldCount, fieldCount × bytes fieldName (distinct,
 *                      ascending unsigned UTF-8; a field's id is its index here);
 *                      int32 termCount, int32 restartInterval, int32 restartCount,
 *                      restartCount × (int32 absolute file position of a restart entry,
 *                      int64 absolute .post position where the postings of that entry's first
 *                      list-field (below) start, or would start); then termCount entries in
 *                      ascending unsigned UTF-8 order of the term:
 *                        vint sharedPrefixLength (with the previous term; 0 at a restart, one
 *                             every {@link #DICT_RESTART_INTERVAL} terms), bytes suffix,
 *                        then one or more field postings, fieldId ascending:
 *                          vint (fieldId &lt;&lt; 1 | more), more = 1 if another field follows,
 *                          vint docFreq (&ge; 1),
 *                          docFreq = 1: vint ordinal, the only document (nothing in .post);
 *                          docFreq &gt; 1: vint byteLength of the list in .post (a list-field).
 *                      List-fields' postings lie back to back in .post in entry order, so a
 *                      list's position = its restart's int64 + byteLengths of the list-fields
 *                      before it since that restart.
 * chunk-NNNNN.post     header "OBSP"; postings lists of the list-fields, in dictionary order:
 *                      docFreq × vint, the first ordinal then gaps (&gt; 0).
 * chunk-NNNNN.ts       header "OBST"; int32 docCount, int32 interval, int32 restartCount,
 *                      restartCount × (int64 timestamp of doc r*interval, int32 absolute position of
 *                      the deltas that follow it); then, for every doc that is not at a restart,
 *                      vlong delta to the previous doc's timestamp (sorted, so never negative).
 * chunk-NNNNN.meta     header "OBSM"; int32 chunkNumber, int32 docCount, int64 minTimestamp,
 *                      int64 maxTimestamp; int32 partitionCount × (int32 partition,
 *                      int64 minOffset, int64 maxOffset); int32 fileCount (4) × (int64 length,
 *                      int32 CRC32C of the whole file) for dat, dict, post, ts in that order;
 *                      int32 blockCount × (int64 file position, int32 compressedLength,
 *                      int32 rawLength, int32 firstOrdinal, int32 CRC32C of the compressed frame);
 *                      int32 CRC32C of all preceding bytes of the meta file.
 * </pre>
 * Every chunk file's header carries {@link #CHUNK_VERSION}; a chunk of another version is
 * reported as corrupt ("unsupported version"), not guessed at.
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

    /** The segment's frames did not change in version 2 of the chunks (its keyword map is not on disk). */
    public static final int SEGMENT_VERSION = 1;
    /** 2: keys term-first, one posting per (term, field), no any-field keys; singletons inline. */
    public static final int CHUNK_VERSION = 3;

    public static final int HEADER_BYTES = 8;
    public static final int FRAME_HEADER_BYTES = 8;

    /** Segment mapping growth step: large, so remapping (which blocks readers) is rare. */
    public static final int SEGMENT_GROW_BYTES = 16 << 20;
    /** A MappedByteBuffer is int-indexed; keep the segment well under 2 GB. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    /** zstd compresses poorly below ~64 KB of log lines, and fetching a hit decompresses one block. */
    public static final int BLOCK_RAW_BYTES = 128 << 10;
    /** Dictionary entries are compressed in blocks of about this many bytes: a lookup decompresses one. */
    public static final int DICT_BLOCK_RAW_BYTES = 16 << 10;
    public static final int TIMESTAMP_RESTART_INTERVAL = 128;

    private StorageFormat() {
    }

    static String chunkFile(int number, String ext) {
        return String.format("%s%05d%s", CHUNK_PREFIX, number, ext);
    }

    static String[] chunkDataFiles(int number) {
        return new String[] {chunkFile(number, DATA_EXT), chunkFile(number, DICT_EXT),
                chunkFile(number, POSTINGS_EXT), chunkFile(number, TIMESTAMPS_EXT)};
    }

    private static int magic(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
