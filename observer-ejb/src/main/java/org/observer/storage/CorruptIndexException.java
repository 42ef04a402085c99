package org.observer.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A file of the index is missing, truncated or fails its checksum; names the file. */
public class CorruptIndexException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CorruptIndexException(Path file, String problem) {
        super("Corrupt index file " + file + ": " + problem);
        this.file = file;
    }

    public CorruptIndexException(Path file, String problem, Throwable cause) {
        super("Corrupt index file " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
