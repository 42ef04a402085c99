package org.observer.storage.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.observer.storage.CorruptIndexException;
import org.observer.storage.LogSequence;
import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Decoding;
import org.observer.storage.io.Headers;
import org.observer.storage.io.MappedBuffers;

/**
 * The meta file of a chunk (see {@link StorageFormat}): counts, time span, Kafka offsets and lines covered,
 * block table and the checksums of the other files. Small and kept on heap while the chunk is known.
 */
public final class ChunkMeta {

    public static final int FILE_DATA = 0;
    static final int FILE_DICT = 1;
    public static final int FILE_POSTINGS = 2;
    public static final int FILE_TIMESTAMPS = 3;
    static final int FILE_COUNT = 4;

    public final int number;
    public final int documents;
    public final long minTimestamp;
    public final long maxTimestamp;
    public final int[] partitions;
    /** Per partition, the lowest and highest {@link org.observer.storage.LogSequence} held. */
    public final long[] minSequences;
    public final long[] maxSequences;
    /** The format version it was written in ({@link StorageFormat#CHUNK_VERSION} for a new one). */
    public final int version;
    public final long[] fileLengths;
    public final int[] fileCrcs;
    public final long[] blockPositions;
    public final int[] blockCompressedLengths;
    public final int[] blockRawLengths;
    public final int[] blockFirstOrdinals;
    public final int[] blockCrcs;
    /** {@link #COLD} or 0. */
    public final int flags;
    /** Chunks this one was compacted or merged from: once this meta is durable they are garbage. */
    public final int[] replaces;

    /** The chunk was compacted: recompressed hard, nothing more to gain by compacting it alone. */
    public static final int COLD = 1;

    // Bytes of the fixed-size entries (see StorageFormat): counts read from the file are checked
    // against them before anything is allocated, so a damaged count cannot ask for gigabytes.
    /** int32 partition, int64 minSequence, int64 maxSequence. */
    private static final int PARTITION_ENTRY_BYTES = 4 + 8 + 8;
    /** int64 position, int32 compressedLength, rawLength, firstOrdinal, CRC32C. */
    private static final int BLOCK_ENTRY_BYTES = 8 + 4 * 4;
    /** int32 chunk number. */
    private static final int REPLACED_ENTRY_BYTES = 4;
    /** The trailing int32 CRC32C of the whole meta. */
    private static final int CRC_BYTES = 4;

    /** The records' bytes before compression (what a merge of this chunk has to hold). */
    public long rawBytes() {
        long total = 0;
        for (int length : blockRawLengths) {
            total += length;
        }
        return total;
    }

    public ChunkMeta(int number, int documents, long minTimestamp, long maxTimestamp, int[] partitions, long[] minSequences,
            long[] maxSequences, long[] fileLengths, int[] fileCrcs, long[] blockPositions, int[] blockCompressedLengths,
            int[] blockRawLengths, int[] blockFirstOrdinals, int[] blockCrcs) {
        this(number, documents, minTimestamp, maxTimestamp, partitions, minSequences, maxSequences, fileLengths, fileCrcs,
                blockPositions, blockCompressedLengths, blockRawLengths, blockFirstOrdinals, blockCrcs, 0, new int[0]);
    }

    public ChunkMeta(int number, int documents, long minTimestamp, long maxTimestamp, int[] partitions, long[] minSequences,
            long[] maxSequences, long[] fileLengths, int[] fileCrcs, long[] blockPositions, int[] blockCompressedLengths,
            int[] blockRawLengths, int[] blockFirstOrdinals, int[] blockCrcs, int flags, int[] replaces) {
        this(number, documents, minTimestamp, maxTimestamp, partitions, minSequences, maxSequences, fileLengths, fileCrcs,
                blockPositions, blockCompressedLengths, blockRawLengths, blockFirstOrdinals, blockCrcs, flags, replaces,
                StorageFormat.CHUNK_VERSION);
    }

    private ChunkMeta(int number, int documents, long minTimestamp, long maxTimestamp, int[] partitions, long[] minSequences,
            long[] maxSequences, long[] fileLengths, int[] fileCrcs, long[] blockPositions, int[] blockCompressedLengths,
            int[] blockRawLengths, int[] blockFirstOrdinals, int[] blockCrcs, int flags, int[] replaces, int version) {
        this.version = version;
        this.flags = flags;
        this.replaces = replaces;
        this.number = number;
        this.documents = documents;
        this.minTimestamp = minTimestamp;
        this.maxTimestamp = maxTimestamp;
        this.partitions = partitions;
        this.minSequences = minSequences;
        this.maxSequences = maxSequences;
        this.fileLengths = fileLengths;
        this.fileCrcs = fileCrcs;
        this.blockPositions = blockPositions;
        this.blockCompressedLengths = blockCompressedLengths;
        this.blockRawLengths = blockRawLengths;
        this.blockFirstOrdinals = blockFirstOrdinals;
        this.blockCrcs = blockCrcs;
    }

    boolean overlaps(long fromInclusive, long toExclusive) {
        return maxTimestamp >= fromInclusive && minTimestamp < toExclusive;
    }

    long diskBytes(long metaLength) {
        long total = metaLength;
        for (long length : fileLengths) {
            total += length;
        }
        return total;
    }

    public ByteSink encode() {
        ByteSink out = new ByteSink(256 + blockPositions.length * BLOCK_ENTRY_BYTES + partitions.length * PARTITION_ENTRY_BYTES);
        Headers.write(out, StorageFormat.META_MAGIC);
        out.writeInt(number);
        out.writeInt(documents);
        out.writeLong(minTimestamp);
        out.writeLong(maxTimestamp);
        out.writeInt(partitions.length);
        for (int i = 0; i < partitions.length; i++) {
            out.writeInt(partitions[i]);
            out.writeLong(minSequences[i]);
            out.writeLong(maxSequences[i]);
        }
        out.writeInt(FILE_COUNT);
        for (int i = 0; i < FILE_COUNT; i++) {
            out.writeLong(fileLengths[i]);
            out.writeInt(fileCrcs[i]);
        }
        out.writeInt(blockPositions.length);
        for (int i = 0; i < blockPositions.length; i++) {
            out.writeLong(blockPositions[i]);
            out.writeInt(blockCompressedLengths[i]);
            out.writeInt(blockRawLengths[i]);
            out.writeInt(blockFirstOrdinals[i]);
            out.writeInt(blockCrcs[i]);
        }
        out.writeInt(flags);
        out.writeInt(replaces.length);
        for (int replaced : replaces) {
            out.writeInt(replaced);
        }
        out.writeInt(MappedBuffers.crc32c(out.array(), 0, out.size()));
        return out;
    }

    public static ChunkMeta read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorruptIndexException(file, "missing", e);
        }
        if (bytes.length < StorageFormat.HEADER_BYTES + CRC_BYTES) {
            throw new CorruptIndexException(file, "truncated (" + bytes.length + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int stored = buffer.getInt(bytes.length - CRC_BYTES);
        if (MappedBuffers.crc32c(bytes, 0, bytes.length - CRC_BYTES) != stored) {
            throw new CorruptIndexException(file, "checksum mismatch");
        }
        try {
            ByteCursor in = new ByteCursor(buffer, 0);
            int version = Headers.check(file, in, StorageFormat.META_MAGIC);
            int number = in.readInt();
            int documents = in.readInt();
            long minTimestamp = in.readLong();
            long maxTimestamp = in.readLong();
            int partitionCount = count(file, in, bytes.length, PARTITION_ENTRY_BYTES);
            int[] partitions = new int[partitionCount];
            long[] minSequences = new long[partitionCount];
            long[] maxSequences = new long[partitionCount];
            // before lines, the ranges were Kafka offsets: every log the line 0 of its record
            int shift = version >= StorageFormat.LINES_VERSION ? 0 : LogSequence.LINE_BITS;
            for (int i = 0; i < partitionCount; i++) {
                partitions[i] = in.readInt();
                minSequences[i] = in.readLong() << shift;
                maxSequences[i] = in.readLong() << shift;
            }
            if (in.readInt() != FILE_COUNT) {
                throw new CorruptIndexException(file, "unexpected file count");
            }
            long[] fileLengths = new long[FILE_COUNT];
            int[] fileCrcs = new int[FILE_COUNT];
            for (int i = 0; i < FILE_COUNT; i++) {
                fileLengths[i] = in.readLong();
                fileCrcs[i] = in.readInt();
            }
            int blockCount = count(file, in, bytes.length, BLOCK_ENTRY_BYTES);
            long[] positions = new long[blockCount];
            int[] compressed = new int[blockCount];
            int[] raw = new int[blockCount];
            int[] first = new int[blockCount];
            int[] crcs = new int[blockCount];
            for (int i = 0; i < blockCount; i++) {
                positions[i] = in.readLong();
                compressed[i] = in.readInt();
                raw[i] = in.readInt();
                first[i] = in.readInt();
                crcs[i] = in.readInt();
            }
            int flags = in.readInt();
            int[] replaces = new int[count(file, in, bytes.length, REPLACED_ENTRY_BYTES)];
            for (int i = 0; i < replaces.length; i++) {
                replaces[i] = in.readInt();
            }
            if (in.position != bytes.length - CRC_BYTES) {
                throw new CorruptIndexException(file, "unexpected length");
            }
            return new ChunkMeta(number, documents, minTimestamp, maxTimestamp, partitions, minSequences, maxSequences,
                    fileLengths, fileCrcs, positions, compressed, raw, first, crcs, flags, replaces, version);
        } catch (RuntimeException e) {
            throw Decoding.corrupt(file, "malformed", e);
        }
    }

    /** A count of entries of {@code bytesEach} read next, checked against the bytes left: no allocation past the file. */
    private static int count(Path file, ByteCursor in, int length, int bytesEach) throws CorruptIndexException {
        int count = in.readInt();
        if (count < 0 || count > (length - in.position) / bytesEach) {
            throw new CorruptIndexException(file, "count " + count + " of " + bytesEach + "-byte entries at "
                    + (in.position - 4) + " runs past the end");
        }
        return count;
    }
}
