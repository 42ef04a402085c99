package org.observer.oplog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.zip.CRC32C;

import com.github.luben.zstd.Zstd;

/**
 * Encoding and checked decoding of the file header and frames that {@link BlobLog} documents:
 * kept apart so the log itself reads as file handling, and so tests can build frames by hand.
 * Every reader here answers null for damage rather than throwing: damage is counted, not fatal.
 */
final class BlobFrames {

    static final int FILE_MAGIC = magic("OBLB");
    static final int FILE_VERSION = 1;
    static final int FILE_HEADER_BYTES = 8;

    static final int FRAME_MAGIC = magic("OBLF");
    static final byte FRAME_VERSION = 1;
    /** Bytes covered by the header CRC: magic through compressed length. */
    static final int FRAME_HEADER_FIELDS_BYTES = 49;
    static final int FRAME_HEADER_BYTES = FRAME_HEADER_FIELDS_BYTES + 4;
    static final int FRAME_TRAILER_BYTES = 4;
    static final int RECORD_HEADER_BYTES = 24;

    static final int ZSTD_LEVEL = 3;
    /** A frame is cut before it would pass this raw size: a scan decompresses one frame at a time. */
    static final int FRAME_RAW_BYTES = 32 << 20;
    /** Largest raw block a frame may hold (one record of up to this size minus its header). */
    static final int MAX_RAW_BYTES = 1 << 30;

    /** Where the damage-scan after a bad frame header reads ahead. */
    private static final int RESYNC_CHUNK_BYTES = 64 << 10;

    private BlobFrames() {
    }

    /** The fields of a frame header whose magic, version, CRC and lengths were found sound. */
    record FrameHeader(int count, long firstSequence, long lastSequence, long minTime, long maxTime,
            int rawLength, int compressedLength) {

        /** Whole frame length: header, compressed block, trailing CRC. */
        long length() {
            return (long) FRAME_HEADER_BYTES + compressedLength + FRAME_TRAILER_BYTES;
        }
    }

    static byte[] fileHeader() {
        return ByteBuffer.allocate(FILE_HEADER_BYTES).putInt(FILE_MAGIC).putInt(FILE_VERSION).array();
    }

    /** Raw block bytes of a record: its header plus its payload. */
    static long rawBytes(BlobRecord record) {
        return (long) RECORD_HEADER_BYTES + record.payload().length;
    }

    /** The raw (uncompressed) block of records, in order. */
    static byte[] rawBlock(List<BlobRecord> records) {
        long size = 0;
        for (BlobRecord record : records) {
            size += rawBytes(record);
        }
        if (size > MAX_RAW_BYTES) {
            throw new IllegalArgumentException("frame of " + size + " raw bytes, above " + MAX_RAW_BYTES);
        }
        ByteBuffer raw = ByteBuffer.allocate((int) size);
        CRC32C crc = new CRC32C();
        for (BlobRecord record : records) {
            byte[] payload = record.payload();
            crc.reset();
            crc.update(payload, 0, payload.length);
            raw.putLong(record.sequence()).putLong(record.time()).putInt(payload.length)
                    .putInt((int) crc.getValue()).put(payload);
        }
        return raw.array();
    }

    /** A whole frame of records (non-empty, ascending sequences) whose raw block is {@code raw}. */
    static byte[] frame(List<BlobRecord> records, byte[] raw) {
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        for (BlobRecord record : records) {
            minTime = Math.min(minTime, record.time());
            maxTime = Math.max(maxTime, record.time());
        }
        byte[] compressed = Zstd.compress(raw, ZSTD_LEVEL);
        ByteBuffer out = ByteBuffer.allocate(FRAME_HEADER_BYTES + compressed.length + FRAME_TRAILER_BYTES);
        out.putInt(FRAME_MAGIC).put(FRAME_VERSION).putInt(records.size())
                .putLong(records.get(0).sequence()).putLong(records.get(records.size() - 1).sequence())
                .putLong(minTime).putLong(maxTime)
                .putInt(raw.length).putInt(compressed.length);
        out.putInt(crc(out.array(), 0, FRAME_HEADER_FIELDS_BYTES));
        out.put(compressed);
        out.putInt(crc(compressed, 0, compressed.length));
        return out.array();
    }

    /** True if the file starts with this format's magic and version. */
    static boolean validFileHeader(FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES);
        return readFully(channel, header, 0) && header.getInt(0) == FILE_MAGIC && header.getInt(4) == FILE_VERSION;
    }

    /**
     * The header of the frame at {@code position}, or null unless a sound header is there and the
     * frame it announces ends by {@code limit} (a frame running past it is torn or has a bad length).
     */
    static FrameHeader readHeader(FileChannel channel, long position, long limit) throws IOException {
        if (limit - position < FRAME_HEADER_BYTES) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        if (!readFully(channel, buffer, position)) {
            return null;
        }
        if (buffer.getInt(0) != FRAME_MAGIC || buffer.get(4) != FRAME_VERSION
                || buffer.getInt(FRAME_HEADER_FIELDS_BYTES) != crc(buffer.array(), 0, FRAME_HEADER_FIELDS_BYTES)) {
            return null;
        }
        FrameHeader header = new FrameHeader(buffer.getInt(5), buffer.getLong(9), buffer.getLong(17),
                buffer.getLong(25), buffer.getLong(33), buffer.getInt(41), buffer.getInt(45));
        boolean plausible = header.count() > 0
                && header.firstSequence() <= header.lastSequence()
                && header.minTime() <= header.maxTime()
                && header.rawLength() >= (long) header.count() * RECORD_HEADER_BYTES
                && header.rawLength() <= MAX_RAW_BYTES
                && header.compressedLength() > 0
                && header.compressedLength() <= Zstd.compressBound(header.rawLength())
                && position + header.length() <= limit;
        return plausible ? header : null;
    }

    /** The compressed block of the frame at {@code position}, or null if its CRC does not match. */
    static byte[] readCompressed(FileChannel channel, long position, FrameHeader header) throws IOException {
        int length = header.compressedLength();
        ByteBuffer buffer = ByteBuffer.allocate(length + FRAME_TRAILER_BYTES);
        if (!readFully(channel, buffer, position + FRAME_HEADER_BYTES)) {
            return null;
        }
        byte[] bytes = buffer.array();
        if (buffer.getInt(length) != crc(bytes, 0, length)) {
            return null;
        }
        return bytes;
    }

    /** The raw block of the frame at {@code position}, or null if it is damaged. */
    static byte[] readRaw(FileChannel channel, long position, FrameHeader header) throws IOException {
        byte[] compressed = readCompressed(channel, position, header);
        if (compressed == null) {
            return null;
        }
        byte[] raw = new byte[header.rawLength()];
        try {
            long n = Zstd.decompressByteArray(raw, 0, raw.length, compressed, 0, header.compressedLength());
            return !Zstd.isError(n) && n == raw.length ? raw : null;
        } catch (RuntimeException e) { // ZstdException: corrupt block
            return null;
        }
    }

    /**
     * True if the raw block holds exactly {@code count} well-formed records (lengths in bounds,
     * nothing left over); the record CRCs are checked as each is read.
     */
    static boolean wellFormed(byte[] raw, int count) {
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        long position = 0;
        for (int i = 0; i < count; i++) {
            if (position + RECORD_HEADER_BYTES > raw.length) {
                return false;
            }
            int length = buffer.getInt((int) position + 16);
            if (length < 0) {
                return false;
            }
            position += RECORD_HEADER_BYTES + (long) length;
        }
        return position == raw.length;
    }

    /**
     * Where the next sound frame header after damage lies, searching from {@code from}, or
     * {@code limit} if there is none: a bad header's lengths cannot be trusted to find the next frame.
     */
    static long resync(FileChannel channel, long from, long limit) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(RESYNC_CHUNK_BYTES);
        long base = from;
        while (limit - base >= FRAME_HEADER_BYTES) {
            int length = (int) Math.min(chunk.capacity(), limit - base);
            chunk.clear().limit(length);
            if (!readFully(channel, chunk, base)) {
                return limit;
            }
            for (int i = 0; i + 4 <= length; i++) {
                if (chunk.getInt(i) == FRAME_MAGIC && readHeader(channel, base + i, limit) != null) {
                    return base + i;
                }
            }
            base += length - 3; // a magic may straddle two chunks
        }
        return limit;
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Fills the buffer from {@code position}; false if the file ends first. */
    static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        return true;
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static int magic(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
