package org.observer.storage;

import org.observer.storage.chunk.ChunkMeta;

/**
 * What a sealed or compacted chunk holds, as told to a {@link StoreListener}. A node's index takes
 * one Kafka partition (logs are keyed by index), so one offset range describes it; -1 when empty.
 */
public record ChunkInfo(int number, int documents, int partition, long fromOffset, long toOffset, boolean cold) {

    static ChunkInfo of(ChunkMeta meta) {
        int partition = meta.partitions.length == 0 ? -1 : meta.partitions[0];
        long from = meta.minSequences.length == 0 ? -1 : LogSequence.offset(meta.minSequences[0]);
        long to = meta.maxSequences.length == 0 ? -1 : LogSequence.offset(meta.maxSequences[0]);
        return new ChunkInfo(meta.number, meta.documents, partition, from, to, (meta.flags & ChunkMeta.COLD) != 0);
    }
}
