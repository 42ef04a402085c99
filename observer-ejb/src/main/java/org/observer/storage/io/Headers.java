package org.observer.storage.io;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.observer.storage.CorruptIndexException;
import org.observer.storage.StorageFormat;
import org.observer.storage.UnsupportedFormatException;

/**
 * The {@code int32 magic, int32 version} header every index file starts with: written and checked
 * here for the chunk files and the active segment alike.
 */
public final class Headers {

    private Headers() {
    }

    /** Writes a chunk file's header: its magic and {@link StorageFormat#CHUNK_VERSION}. */
    public static void write(ByteSink out, int magic) {
        out.writeInt(magic);
        out.writeInt(StorageFormat.CHUNK_VERSION);
    }

    /** Puts a header at the start of {@code out} (a mapped file written in place). */
    public static void put(ByteBuffer out, int magic, int version) {
        out.putInt(0, magic);
        out.putInt(Integer.BYTES, version);
    }

    /** Checks a chunk file's header and returns its version (one this code reads). */
    public static int check(Path file, ByteCursor in, int magic) throws CorruptIndexException, UnsupportedFormatException {
        return check(file, in, magic, StorageFormat.OLDEST_CHUNK_VERSION, StorageFormat.CHUNK_VERSION);
    }

    /**
     * Checks the header and returns the file's version, one of {@code [oldest, newest]}. A wrong
     * magic is damage; a right magic with another version is an intact file of another release.
     */
    public static int check(Path file, ByteCursor in, int magic, int oldest, int newest)
            throws CorruptIndexException, UnsupportedFormatException {
        int actual = in.readInt();
        if (actual != magic) {
            throw new CorruptIndexException(file, "bad magic " + Integer.toHexString(actual));
        }
        int version = in.readInt();
        if (version < oldest || version > newest) {
            throw new UnsupportedFormatException(file, version, oldest, newest);
        }
        return version;
    }
}
