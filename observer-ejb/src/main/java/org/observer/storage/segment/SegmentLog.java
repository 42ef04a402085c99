package org.observer.storage.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.observer.storage.CorruptIndexException;
import org.observer.storage.LogRecord;
import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Decoding;
import org.observer.storage.io.Headers;
import org.observer.storage.io.MappedBuffers;

/**
 * The active segment's write-ahead file, {@value StorageFormat#SEGMENT_FILE}: framed record
 * payloads written through a growing memory mapping (see {@link StorageFormat}). Knows frames and
 * their checksums, not what the records say; the owner (IndexStore through {@link ActiveSegment})
 * serializes writers and excludes readers while it writes, remaps or closes.
 *
 * <p>The file is created (or, after a crash, reopened for writing and its torn tail zeroed) only
 * by the first {@link #append}: a store opened just to search neither creates nor grows it, and a
 * file left by a crash is replayed through a read-only mapping.
 */
final class SegmentLog {

    /** Receives each complete frame of a replayed file, in file order. */
    interface Frames {
        void frame(int payloadPosition, LogRecord record);
    }

    /** Where a frame's CRC32C sits: after its int32 length (see {@link StorageFormat}). */
    private static final int FRAME_CRC_AT = Integer.BYTES;
    /**
     * Zeros are written this many at a time (allocating the file, clearing a torn tail): large
     * enough to take few system calls, small enough to stay off the large-object heap.
     */
    private static final int ZEROS_BYTES = 64 << 10;

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
    /** The version of the file's frames: of the replayed file, else the current one. */
    private int version = StorageFormat.SEGMENT_VERSION;
    /** The file grew since the last fsync, so its length must be synced too. */
    private boolean lengthDirty;

    SegmentLog(Path file) {
        this.file = file;
    }

    /**
     * Replays the file's complete frames, if the file exists, through a read-only mapping, and
     * remembers where a torn tail starts (it is zeroed on the first append, not now: replaying
     * writes nothing).
     */
    void replay(Frames frames) throws IOException {
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
        version = Headers.check(file, new ByteCursor(map, 0), StorageFormat.SEGMENT_MAGIC,
                StorageFormat.OLDEST_SEGMENT_VERSION, StorageFormat.SEGMENT_VERSION);
        int limit = (int) size;
        int position = StorageFormat.HEADER_BYTES;
        while (position + StorageFormat.FRAME_HEADER_BYTES <= limit) {
            int length = map.getInt(position);
            int payload = position + StorageFormat.FRAME_HEADER_BYTES;
            if (length <= 0 || length > limit - payload
                    || MappedBuffers.crc32c(map, payload, payload + length) != map.getInt(position + FRAME_CRC_AT)) {
                break;
            }
            LogRecord record;
            try {
                record = RecordCodec.decode(map, payload, version);
            } catch (RuntimeException e) {
                if (!Decoding.isMalformedBytes(e)) {
                    throw e; // a bug in the decoder, not a torn write: cutting the log here would lose records
                }
                break; // CRC matched but the payload does not parse: treat as the end of the log.
            }
            frames.frame(payload, record);
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
            // New, or created before a crash without its header reaching the disk, or of an older
            // version but without frames: new frames are of this version.
            Headers.put(map, StorageFormat.SEGMENT_MAGIC, StorageFormat.SEGMENT_VERSION);
            version = StorageFormat.SEGMENT_VERSION;
        } else if (version != StorageFormat.SEGMENT_VERSION) {
            throw new IllegalStateException("a segment of version " + version + " is sealed, not appended to");
        }
        zeroFrom(end, Math.min(Math.max(replayedSize, end), map.capacity()));
    }

    private void zeroFrom(int from, int to) {
        byte[] zeros = new byte[Math.min(ZEROS_BYTES, Math.max(0, to - from))];
        for (int i = from; i < to; i += zeros.length) {
            map.put(i, zeros, 0, Math.min(zeros.length, to - i));
        }
    }

    private static int roundUp(long bytes) {
        long step = StorageFormat.SEGMENT_MIN_BYTES;
        return (int) ((bytes + step - 1) / step * step);
    }

    /** Writes one framed payload; returns where the payload starts. Caller holds the store's write lock. */
    int append(ByteSink payload) throws IOException {
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
        map.putInt(end + FRAME_CRC_AT, MappedBuffers.crc32c(payload.array(), 0, length));
        map.putInt(end, length);
        end = payloadPosition + length;
        return payloadPosition;
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
        ByteBuffer zeros = ByteBuffer.allocate(ZEROS_BYTES);
        for (long at = size; at < capacity; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), capacity - at));
            at += channel.write(zeros, at);
        }
    }

    /** Makes everything appended durable: msync the mapping, and fsync the file length if it grew. */
    void force() throws IOException {
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

    /** A cursor at the source of the record whose payload starts at {@code payloadPosition}. */
    ByteCursor source(int payloadPosition) {
        return new ByteCursor(map, RecordCodec.sourcePosition(map, payloadPosition, version));
    }

    /** Copies {@code length} bytes at {@code position} into {@code into}. */
    void read(int position, byte[] into, int length) {
        map.get(position, into, 0, length);
    }

    /**
     * Whether it holds frames of an older version: appending would mix two layouts in one file,
     * so the store seals it first.
     */
    boolean isOlderVersion() {
        return version != StorageFormat.SEGMENT_VERSION && end > StorageFormat.HEADER_BYTES;
    }

    /** Bytes of framed records, including the header. */
    int bytes() {
        return end;
    }

    boolean isWritable() {
        return writable;
    }

    /** Bytes of the file mapped now. */
    long mappedBytes() {
        MappedByteBuffer m = map;
        return m == null ? 0 : m.capacity();
    }

    /** Bytes the file occupies on disk now (0 if there is none). */
    long diskBytes() {
        return map == null && !writable ? 0 : end;
    }

    /** Closes for good, keeping the data: flush, unmap, cut the file to its real length. */
    void close() throws IOException {
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
    void closeAndDelete() throws IOException {
        abandon();
        Files.deleteIfExists(file);
    }

    /** Drops the mapping and file handle as a crash would. */
    void abandon() throws IOException {
        MappedBuffers.unmap(map);
        map = null;
        if (channel != null) {
            channel.close();
            channel = null;
        }
        writable = false;
    }

    /** Like {@link #abandon}, when already failing: the original error is the one to report. */
    void abandonQuietly() {
        try {
            abandon();
        } catch (IOException ignored) {
            // Already failing; the original error is the one to report.
        }
    }
}
