package org.observer.storage.io;

import java.nio.file.Path;

import org.observer.storage.CorruptIndexException;
import org.observer.storage.StorageFormat;

/** The {@code int32 magic, int32 version} header every index file starts with. */
public final class Headers {

    private Headers() {
    }

    public static void write(ByteSink out, int magic) {
        out.writeInt(magic);
        out.writeInt(StorageFormat.CHUNK_VERSION);
    }

    /** Checks the header and returns the file's version (one this code reads). */
    public static int check(Path file, ByteCursor in, int magic) throws CorruptIndexException {
        int actual = in.readInt();
        if (actual != magic) {
            throw new CorruptIndexException(file, "bad magic " + Integer.toHexString(actual));
        }
        int version = in.readInt();
        if (version < StorageFormat.OLDEST_CHUNK_VERSION || version > StorageFormat.CHUNK_VERSION) {
            throw new CorruptIndexException(file, "unsupported version " + version);
        }
        return version;
    }
}
