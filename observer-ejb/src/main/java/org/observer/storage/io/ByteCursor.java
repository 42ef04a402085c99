package org.observer.storage.io;

import java.nio.ByteBuffer;

import org.observer.storage.StorageFormat;

/**
 * Reads the encodings of {@link StorageFormat} from a buffer with absolute gets, so many cursors
 * can share one mapped buffer across threads.
 */
public final class ByteCursor {

    private final ByteBuffer buffer;
    public int position;

    public ByteCursor(ByteBuffer buffer, int position) {
        this.buffer = buffer;
        this.position = position;
    }

    public int readByte() {
        return buffer.get(position++) & 0xFF;
    }

    byte readSignedByte() {
        return buffer.get(position++);
    }

    public int readInt() {
        int v = buffer.getInt(position);
        position += 4;
        return v;
    }

    public long readLong() {
        long v = buffer.getLong(position);
        position += 8;
        return v;
    }

    public int readVInt() {
        long read = VarInts.read(buffer, position);
        position = VarInts.next(read);
        return VarInts.value(read);
    }

    public long readVLong() {
        return VarInts.readLong(this);
    }

    public long readZLong() {
        long v = readVLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public byte[] readBytes(int length) {
        // checked before allocating: a damaged length must not ask for gigabytes
        if (length < 0 || length > buffer.limit() - position) {
            throw new IllegalStateException("length " + length + " at " + position + " runs past the end");
        }
        byte[] bytes = new byte[length];
        buffer.get(position, bytes, 0, length);
        position += length;
        return bytes;
    }

    public byte[] readLengthPrefixed() {
        return readBytes(readVInt());
    }

    public void skip(int length) {
        position += length;
    }
}
