package org.observer.index;

import org.apache.kafka.common.utils.Utils;
import org.observer.storage.DurableFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Where stores live: {@code <data>/indexes/<index>/<partition>/}. Before the cluster, an index
 * lived in {@code <data>/indexes/<index>/} itself; such a directory is moved into its partition's
 * place at start-up.
 */
final class IndexLayout {

    private static final Logger LOG = Logger.getLogger(IndexLayout.class.getName());

    private IndexLayout() {
    }

    static Path storeDir(Path root, StoreKey key) {
        return root.resolve(key.index()).resolve(String.valueOf(key.partition()));
    }

    /** The partitions an index directory holds stores of. */
    static List<Integer> partitions(Path indexDir) throws IOException {
        List<Integer> partitions = new ArrayList<>();
        try (Stream<Path> entries = Files.list(indexDir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) && name.matches("[0-9]{1,6}")) {
                    partitions.add(Integer.parseInt(name));
                }
            }
        }
        return partitions;
    }

    /**
     * Moves the files of a one-store index directory of the old layout into the directory of its
     * partition: the one Kafka's default partitioner gave its name (every log was keyed by it).
     * File by file, so a crash half-way is finished by the next start.
     */
    static void migrateSinglePartition(Path indexDir, String index, int partitions) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(indexDir)) {
            entries.filter(Files::isRegularFile).forEach(files::add);
        }
        if (files.isEmpty()) {
            return;
        }
        int partition = Utils.toPositive(Utils.murmur2(index.getBytes(StandardCharsets.UTF_8))) % partitions;
        Path target = Files.createDirectories(indexDir.resolve(String.valueOf(partition)));
        for (Path file : files) {
            Files.move(file, target.resolve(file.getFileName()));
        }
        DurableFiles.syncDirectory(target);
        DurableFiles.syncDirectory(indexDir);
        LOG.info(() -> "Moved index " + index + " to the layout of one store per partition (partition " + partition + ")");
    }

    /** Removes an index directory left without stores. */
    static void removeIfEmpty(Path indexDir) {
        try (Stream<Path> entries = Files.list(indexDir)) {
            if (entries.findAny().isEmpty()) {
                Files.deleteIfExists(indexDir);
            }
        } catch (IOException e) {
            // not there, or not empty: nothing to do
        }
    }
}
