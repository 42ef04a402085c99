package org.observer.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Per partition of {@code observer.ingest}, the offset below which this node's stores hold every
 * log ({@code <data>/partitions/<partition>}). A processor that gets a partition resumes there,
 * not at the group's committed offset: the group's offset says how far the partition's previous
 * owner got, which says nothing of this node's disk. Written after the stores are synced; stores
 * skip offsets they already hold, so a checkpoint that is older than the stores (or missing, when
 * the whole partition is replayed) costs time, never correctness. No fsync for that reason.
 */
public final class PartitionCheckpoints {

    private static final Logger LOG = Logger.getLogger(PartitionCheckpoints.class.getName());

    private final Path dir;

    PartitionCheckpoints(Path dir) {
        this.dir = dir;
    }

    /** Set by {@link #markUpgrade}: the checkpoints are to be taken from the group's offsets once. */
    private static final String UPGRADE_MARKER = "adopt-group-offsets";

    /**
     * Called at start-up, before any checkpoint is written: a data directory that holds stores but
     * no checkpoints directory was written by a node before checkpoints existed.
     */
    public static void markUpgrade(Path dir, boolean holdsStores) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (holdsStores) {
            Files.writeString(dir.resolve(UPGRADE_MARKER), "the group's committed offsets become this node's checkpoints\n");
        }
    }

    boolean upgradePending() {
        return Files.exists(dir.resolve(UPGRADE_MARKER));
    }

    void upgradeDone() throws IOException {
        Files.deleteIfExists(dir.resolve(UPGRADE_MARKER));
    }

    /** Where this node resumes {@code partition}, if it ever held it. */
    OptionalLong read(int partition) {
        Path file = dir.resolve(String.valueOf(partition));
        try {
            if (!Files.exists(file)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            LOG.log(Level.WARNING, "Checkpoint " + file + " is not readable; replaying the partition from its start", e);
            return OptionalLong.empty();
        }
    }

    /** Records that every log of {@code partition} below {@code nextOffset} is in this node's synced stores. */
    void write(int partition, long nextOffset) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(String.valueOf(partition));
        Path temp = dir.resolve(partition + ".tmp");
        Files.writeString(temp, Long.toString(nextOffset), StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
