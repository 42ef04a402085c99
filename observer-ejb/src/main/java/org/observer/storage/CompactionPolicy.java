package org.observer.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.observer.storage.chunk.ChunkMeta;
import org.observer.storage.chunk.ChunkReader;

/**
 * Which sealed chunks {@link IndexStore#compact} rewrites, and together with which: small chunks
 * (at most half a seal's documents and bytes) next to each other in time are merged up to a
 * seal's size; any other hot chunk is rewritten alone; a cold chunk alone is left as it is.
 */
final class CompactionPolicy {

    private CompactionPolicy() {
    }

    /** The chunks to rewrite, each group into one cold chunk. */
    static List<List<ChunkReader>> groups(List<ChunkReader> current, StoreSettings settings) {
        List<ChunkReader> byTime = new ArrayList<>(current);
        byTime.sort(Comparator.comparingLong((ChunkReader c) -> c.meta.minTimestamp).thenComparingInt(ChunkReader::number));
        // Merging indexes the records again, from their sources: only when the store can read them.
        boolean canMerge = settings.fields() != null;
        List<List<ChunkReader>> groups = new ArrayList<>();
        List<ChunkReader> run = new ArrayList<>();
        long runDocuments = 0;
        long runBytes = 0;
        for (ChunkReader chunk : byTime) {
            long bytes = chunk.meta.rawBytes();
            boolean small = canMerge && chunk.meta.documents <= settings.sealDocuments() / 2
                    && bytes <= settings.sealBytes() / 2;
            if (!small || runDocuments + chunk.meta.documents > settings.sealDocuments()
                    || runBytes + bytes > settings.sealBytes()) {
                addGroup(groups, run);
                run = new ArrayList<>();
                runDocuments = 0;
                runBytes = 0;
            }
            if (small) {
                run.add(chunk);
                runDocuments += chunk.meta.documents;
                runBytes += bytes;
            } else {
                addGroup(groups, List.of(chunk));
            }
        }
        addGroup(groups, run);
        return groups;
    }

    /** Adds {@code group} unless there is nothing to gain: no chunk, or one that is cold already. */
    private static void addGroup(List<List<ChunkReader>> groups, List<ChunkReader> group) {
        if (group.size() > 1 || (group.size() == 1 && (group.get(0).meta.flags & ChunkMeta.COLD) == 0)) {
            groups.add(group);
        }
    }
}
