package org.observer.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file of the index was written in a format version this code does not read: by a newer
 * release, or an older one no longer read. Not damage: the file is intact, so it must not be set
 * aside and rebuilt (an old binary would "repair" a newer index into its own older format). Names
 * the file, the version found and the versions supported.
 */
public class UnsupportedFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int found;
    private final int oldestSupported;
    private final int newestSupported;

    public UnsupportedFormatException(Path file, int found, int oldestSupported, int newestSupported) {
        super("Index file " + file + " has format version " + found + "; this release reads "
                + (oldestSupported == newestSupported ? "version " + newestSupported
                        : "versions " + oldestSupported + " to " + newestSupported)
                + (found > newestSupported ? " (written by a newer release: upgrade this node)"
                        : " (written by an older release: reindex from Kafka or restore a newer snapshot)"));
        this.file = file;
        this.found = found;
        this.oldestSupported = oldestSupported;
        this.newestSupported = newestSupported;
    }

    public Path file() {
        return file;
    }

    public int found() {
        return found;
    }

    public int oldestSupported() {
        return oldestSupported;
    }

    public int newestSupported() {
        return newestSupported;
    }
}
