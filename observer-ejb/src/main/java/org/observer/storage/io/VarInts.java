package org.observer.storage.io;

import java.nio.ByteBuffer;

import org.observer.storage.StorageFormat;

/**
 * The one varint encoding of {@link StorageFormat} (unsigned LEB128: 7 bits per byte, low bits
 * first, high bit = more), written and read here for every file. A read gives the value and the
 * position after it packed in one long ({@link #value}, {@link #next}), so the hot loops that walk
 * a decompressed block keep their position in a local and allocate nothing.
 */
public final class VarInts {

    /** A vint never takes more bytes than this (5 × 7 bits hold 32). */
    public static final int MAX_VINT_BYTES = 5;
    /** A vlong never takes more bytes than this (10 × 7 bits hold 64). */
    public static final int MAX_VLONG_BYTES = 10;

    private static final int MORE = 0x80;
    private static final int LOW_BITS = 0x7F;

    private VarInts() {
    }

    /**
     * Writes {@code value} as an unsigned varint at {@code into[at]} (room for
     * {@link #MAX_VLONG_BYTES} is the caller's); returns the position after it. A vint is written
     * as its unsigned 32 bits ({@code value & 0xFFFFFFFFL}).
     */
    public static int write(byte[] into, int at, long value) {
        while ((value & ~(long) LOW_BITS) != 0) {
            into[at++] = (byte) ((value & LOW_BITS) | MORE);
            value >>>= 7;
        }
        into[at++] = (byte) value;
        return at;
    }

    /** Reads a vint at {@code bytes[at]} (a bad one throws out of bounds or IllegalStateException). */
    public static long read(byte[] bytes, int at) {
        byte b = bytes[at++];
        if (b >= 0) {
            return packed(b, at);
        }
        int v = b & LOW_BITS;
        for (int shift = 7; shift < 7 * MAX_VINT_BYTES; shift += 7) {
            b = bytes[at++];
            v |= (b & LOW_BITS) << shift;
            if (b >= 0) {
                return packed(v, at);
            }
        }
        throw new IllegalStateException("malformed vint at " + (at - 1));
    }

    /** Reads a vint at {@code buffer}'s absolute position {@code at}, like {@link #read(byte[], int)}. */
    public static long read(ByteBuffer buffer, int at) {
        byte b = buffer.get(at++);
        if (b >= 0) {
            return packed(b, at);
        }
        int v = b & LOW_BITS;
        for (int shift = 7; shift < 7 * MAX_VINT_BYTES; shift += 7) {
            b = buffer.get(at++);
            v |= (b & LOW_BITS) << shift;
            if (b >= 0) {
                return packed(v, at);
            }
        }
        throw new IllegalStateException("malformed vint at " + (at - 1));
    }

    /** Reads a vlong at the cursor, moving it past (vlongs are read from mapped files only). */
    static long readLong(ByteCursor in) {
        long v = 0;
        for (int shift = 0; shift < 7 * MAX_VLONG_BYTES; shift += 7) {
            int b = in.readSignedByte();
            v |= (long) (b & LOW_BITS) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("malformed vlong at " + (in.position - 1));
    }

    /** The value of a {@link #read}. */
    public static int value(long read) {
        return (int) read;
    }

    /** The position after the varint of a {@link #read}. */
    public static int next(long read) {
        return (int) (read >>> 32);
    }

    private static long packed(int value, int next) {
        return (long) next << 32 | (value & 0xFFFFFFFFL);
    }
}
