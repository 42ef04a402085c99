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
 * What opening an index directory finds of its sealed chunks: deletes leftovers of an interrupted
 * seal, write or compaction, loads every chunk whose meta exists (checking meta and file
 * lengths), and raises the applied offsets to what they hold.
 *
 * @param chunks the loaded chunks, oldest number first
 * @param nextChunkNumber the number the next sealed or compacted chunk takes
 */
record ChunkRecovery(List<ChunkReader> chunks, int nextChunkNumber) {

    static ChunkRecovery recover(Path dir, Map<Integer, Long> applied) throws IOException {
        TreeMap<Integer, List<Path>> chunkFiles = new TreeMap<>();
        TreeSet<Integer> withMeta = new TreeSet<>();
        boolean deleted = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(StorageFormat.TEMP_SUFFIX)) {
                    // a write interrupted before its rename, or a merge's scratch directory
                    DurableFiles.deleteTree(entry);
                    deleted = true;
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
                for (Path file : entry.getValue()) {
                    Files.deleteIfExists(file);
                }
                deleted = true;
                continue;
            }
            ChunkReader chunk = ChunkReader.load(dir, number);
            for (int old : chunk.meta.replaces) {
                replaced.add(old);
            }
            loaded.add(0, chunk);
            highest = Math.max(highest, number);
            for (int i = 0; i < chunk.meta.partitions.length; i++) {
                applied.merge(chunk.meta.partitions[i], chunk.meta.maxOffsets[i], Math::max);
            }
        }
        if (deleted) {
            DurableFiles.syncDirectory(dir);
        }
        return new ChunkRecovery(List.copyOf(loaded), highest + 1);
    }

    /** The chunk number of a file named {@code chunk-NNNNN.<ext>}, or -1. */
    static int chunkNumber(String name) {
        if (!name.startsWith(StorageFormat.CHUNK_PREFIX)) {
            return -1;
        }
        int start = StorageFormat.CHUNK_PREFIX.length();
        int end = name.indexOf('.', start);
        if (end <= start || end - start > 9) {
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
