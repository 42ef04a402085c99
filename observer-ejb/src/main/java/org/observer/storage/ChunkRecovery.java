package org.observer.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.observer.storage.chunk.ChunkReader;

/**
 * What opening an index directory finds of its sealed chunks: loads every chunk whose meta exists
 * (checking meta and file lengths), raises the applied offsets to what they hold, and lists the
 * leftovers of an interrupted seal, write or compaction. Finding writes nothing: the leftovers are
 * deleted ({@link #deleteLeftovers}) only once the whole index opened, so an index this release
 * cannot read ({@link UnsupportedFormatException}) is left exactly as it was.
 *
 * @param chunks the loaded chunks, oldest number first
 * @param nextChunkNumber the number the next sealed or compacted chunk takes
 * @param leftovers files and scratch directories to delete
 */
record ChunkRecovery(List<ChunkReader> chunks, int nextChunkNumber, List<Path> leftovers) {

    /** Digits of a chunk number at most: nine always fit an int. */
    private static final int MAX_NUMBER_DIGITS = 9;

    static ChunkRecovery find(Path dir, Map<Integer, Long> applied) throws IOException {
        TreeMap<Integer, List<Path>> chunkFiles = new TreeMap<>();
        TreeSet<Integer> withMeta = new TreeSet<>();
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(StorageFormat.TEMP_SUFFIX)) {
                    // a write interrupted before its rename, or a merge's scratch directory
                    leftovers.add(entry);
                    continue;
                }
                int number = chunkNumber(name);
                if (number < 0) {
                    continue;
                }
                chunkFiles.computeIfAbsent(number, n -> new ArrayList<>()).add(entry);
                if (name.endsWith(StorageFormat.META_EXT)) {
                    withMeta.add(number);
                }
            }
        }
        List<ChunkReader> loaded = new ArrayList<>();
        int highest = 0;
        TreeSet<Integer> replaced = new TreeSet<>();
        for (Map.Entry<Integer, List<Path>> entry : chunkFiles.descendingMap().entrySet()) {
            int number = entry.getKey();
            if (!withMeta.contains(number) || replaced.contains(number)) {
                // No meta: the seal never finished, and its segment was kept; drop the partial chunk.
                // Replaced: a compaction finished but was cut off before deleting its sources.
                leftovers.addAll(entry.getValue());
                continue;
            }
            ChunkReader chunk = ChunkReader.load(dir, number);
            for (int old : chunk.meta.replaces) {
                replaced.add(old);
            }
            loaded.add(0, chunk);
            highest = Math.max(highest, number);
            for (int i = 0; i < chunk.meta.partitions.length; i++) {
                applied.merge(chunk.meta.partitions[i], chunk.meta.maxSequences[i], Math::max);
            }
        }
        return new ChunkRecovery(List.copyOf(loaded), highest + 1, List.copyOf(leftovers));
    }

    /** Deletes the leftovers found, and makes their deletion durable. */
    void deleteLeftovers(Path dir) throws IOException {
        for (Path leftover : leftovers) {
            DurableFiles.deleteTree(leftover);
        }
        if (!leftovers.isEmpty()) {
            DurableFiles.syncDirectory(dir);
        }
    }

    /** The chunk number of a file named {@code chunk-NNNNN.<ext>}, or -1. */
    static int chunkNumber(String name) {
        if (!name.startsWith(StorageFormat.CHUNK_PREFIX)) {
            return -1;
        }
        int start = StorageFormat.CHUNK_PREFIX.length();
        int end = name.indexOf('.', start);
        if (end <= start || end - start > MAX_NUMBER_DIGITS) {
            return -1;
        }
        int number = 0;
        for (int i = start; i < end; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
