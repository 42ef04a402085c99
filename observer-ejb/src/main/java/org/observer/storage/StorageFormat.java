package org.observer.storage;

/**
 * The on-disk layout of an index directory, byte by byte (format version 1).
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
 * A document is indexed under {@code field + '\0' + term} for each field value token and under the
 * any-field key {@code '\0' + term} (an empty field name is indexed only under the any-field key).
 * Keys are compared as unsigned UTF-8 bytes.
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
 * tail) and the file is truncated there on open. Closing truncates the file to its real length.
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
 * chunk-NNNNN.dict     header "OBSK"; int32 keyCount, int32 restartInterval, int32 restartCount,
 *                      restartCount × int32 absolute file position of a restart entry; then keyCount
 *                      entries in key order: vint sharedPrefixLength (0 at a restart, one every
 *                      {@link #DICT_RESTART_INTERVAL} keys), bytes suffix, vint docFreq,
 *                      vlong absolute position of the postings list in .post.
 * chunk-NNNNN.post     header "OBSP"; postings lists: docFreq × vint, the first ordinal then gaps.
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

    public static final int SEGMENT_VERSION = 1;
    public static final int CHUNK_VERSION = 1;

    public static final int HEADER_BYTES = 8;
    public static final int FRAME_HEADER_BYTES = 8;

    /** Segment mapping growth step: large, so remapping (which blocks readers) is rare. */
    public static final int SEGMENT_GROW_BYTES = 16 << 20;
    /** A MappedByteBuffer is int-indexed; keep the segment well under 2 GB. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    /** zstd compresses poorly below ~64 KB of log lines, and fetching a hit decompresses one block. */
    public static final int BLOCK_RAW_BYTES = 64 << 10;
    public static final int DICT_RESTART_INTERVAL = 16;
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
