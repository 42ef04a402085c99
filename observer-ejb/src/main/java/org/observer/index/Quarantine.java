package org.observer.index;

import org.observer.storage.DurableFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The quarantine directory ({@code <data>/quarantine/}, on the data's file system so that moves are
 * renames): the old files of a store that a rebuild or a restore replaced are set aside here, never
 * deleted; rebuilds, restores and deletes are staged here under {@value #STAGING_PREFIX}, and what
 * a crash left staged is removed at start-up (it never got into place, or was on its way out).
 */
public final class Quarantine {

    private static final Logger LOG = Logger.getLogger(Quarantine.class.getName());

    /** Name prefix of the directories where rebuilds, restores and deletes are staged. */
    static final String STAGING_PREFIX = "staging-";

    private final Path dir;

    public Quarantine(Path dir) {
        this.dir = dir;
    }

    /** Deletes what a crash left staged: rebuilds and restores never moved into place, deletes cut off. */
    void removeStaging() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> staged = Files.list(dir)) {
            for (Path d : (Iterable<Path>) staged.filter(d -> d.getFileName().toString().startsWith(STAGING_PREFIX))::iterator) {
                DurableFiles.deleteTree(d);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not remove unfinished rebuilds under " + dir, e);
        }
    }

    /** An empty directory to build a store in (a rebuild or a restore), removed at start-up unless moved into place. */
    public Path newStaging(StoreKey key) throws IOException {
        Path staging = dir.resolve(STAGING_PREFIX + key.index() + "-" + key.partition() + "-" + System.nanoTime());
        Files.createDirectories(staging);
        return staging;
    }

    /** Moves a replaced store's files out of the way, kept for whoever wants to look at them. */
    void setAside(StoreKey key, Path storeDir) throws IOException {
        Path aside = dir.resolve(key.index() + "-" + key.partition() + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        DurableFiles.move(storeDir, aside);
        LOG.info(() -> "Set the old files of " + key + " aside in " + aside);
    }

    /**
     * Deletes a store's files: first moved here (gone from the index set at once, even if deleting
     * stops halfway), staged, so a start-up after a crash mid-delete finishes the job.
     */
    void deleteStaged(StoreKey key, Path storeDir) throws IOException {
        Files.createDirectories(dir);
        Path doomed = dir.resolve(STAGING_PREFIX + "deleted-" + key.index() + "-" + key.partition() + "-" + System.nanoTime());
        DurableFiles.move(storeDir, doomed);
        DurableFiles.deleteTree(doomed);
    }
}
