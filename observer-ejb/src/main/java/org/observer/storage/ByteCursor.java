package org.observer.storage;

import java.nio.ByteBuffer;

/**
 * Reads the encodings of {@link StorageFormat} from a buffer with absolute gets, so many cursors
 * can share one mapped buffer across threads.
 */
final class ByteCursor {

    private final ByteBuffer buffer;
    int position;

    ByteCursor(ByteBuffer buffer, int position) {
        this.buffer = buffer;
        this.position = position;
    }

    int readByte() {
        return buffer.get(position++) & 0xFF;
    }

    int readInt() {
        int v = buffer.getInt(position);
        position += 4;
        return v;
    }

    long readLong() {
        long v = buffer.getLong(position);
        position += 8;
        return v;
    }

    int readVInt() {
        int b = buffer.get(position++);
        if (b >= 0) {
            return b;
        }
        int v = b & 0x7F;
        for (int shift = 7; shift < 35; shift += 7) {
            b = buffer.get(position++);
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("malformed vint at " + (position - 1));
    }

    long readVLong() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = buffer.get(position++);
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("malformed vlong at " + (position - 1));
    }

    long readZLong() {
        long v = readVLong();
        return (v >>> 1) ^ -(v & 1);
    }

    byte[] readBytes(int length) {
        // checked before allocating: a damaged length must not ask for gigabytes
        if (length < 0 || length > buffer.limit() - position) {
            throw new IllegalStateException("length " + length + " at " + position + " runs past the end");
        }
        byte[] bytes = new byte[length];
        buffer.get(position, bytes, 0, length);
        position += length;
        return bytes;
    }

    byte[] readLengthPrefixed() {
        return readBytes(readVInt());
    }

    void skip(int length) {
        position += length;
    }
}
