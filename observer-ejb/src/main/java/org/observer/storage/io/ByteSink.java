package org.observer.storage.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.observer.storage.StorageFormat;

/** A growable byte buffer with the encodings of {@link StorageFormat}. Not thread-safe. */
public final class ByteSink {

    private byte[] bytes;
    private int size;

    public ByteSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            long wanted = Math.max((long) size + extra, (long) bytes.length * 2);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("buffer larger than 2 GB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }

    public void writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    public void writeInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    public void writeVInt(int v) {
        ensure(VarInts.MAX_VINT_BYTES);
        size = VarInts.write(bytes, size, v & 0xFFFFFFFFL);
    }

    public void writeVLong(long v) {
        ensure(VarInts.MAX_VLONG_BYTES);
        size = VarInts.write(bytes, size, v);
    }

    public void writeZLong(long v) {
        writeVLong((v << 1) ^ (v >> 63));
    }

    public void writeBytes(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    /** Copies {@code length} bytes starting at absolute {@code position} of {@code src}. */
    public void writeBytes(ByteBuffer src, int position, int length) {
        ensure(length);
        src.get(position, bytes, size, length);
        size += length;
    }

    public void writeLengthPrefixed(byte[] src) {
        writeVInt(src.length);
        writeBytes(src, 0, src.length);
    }

    void setInt(int position, int v) {
        bytes[position] = (byte) (v >>> 24);
        bytes[position + 1] = (byte) (v >>> 16);
        bytes[position + 2] = (byte) (v >>> 8);
        bytes[position + 3] = (byte) v;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The backing array; only the first {@link #size()} bytes are meaningful. */
    public byte[] array() {
        return bytes;
    }
}
