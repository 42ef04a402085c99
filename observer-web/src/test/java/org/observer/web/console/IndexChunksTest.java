package org.observer.web.console;

import org.junit.jupiter.api.Test;
import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;
import org.observer.api.OplogService;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexChunksTest {

    private long sequence;

    private OplogEntry entry(String node, OplogAction action, Integer partition, String detail) {
        return new OplogEntry(sequence++, 1000 + sequence, node, action, "a", partition, 0L, 9L, 10L, detail);
    }

    @Test
    void compactionReplacesTheChunksItRewrote() {
        List<IndexChunks.Chunk> chunks = IndexChunks.of(List.of(
                entry("n1", OplogAction.CREATED, 0, null),
                entry("n1", OplogAction.SEALED, 0, "chunk 0"),
                entry("n1", OplogAction.SEALED, 0, "chunk 1"),
                entry("n1", OplogAction.SEALED, 0, "chunk 2"),
                entry("n1", OplogAction.COMPACTED, 0, "chunks 0, 1 merged cold as chunk 3"),
                entry("n1", OplogAction.COMPACTED, 0, "chunk 2 rewritten cold as chunk 4")));
        assertEquals(List.of(3, 4), chunks.stream().map(IndexChunks.Chunk::number).toList());
        assertTrue(chunks.stream().allMatch(IndexChunks.Chunk::cold));
    }

    @Test
    void aDeleteForgetsTheNodesChunksOnly() {
        List<IndexChunks.Chunk> chunks = IndexChunks.of(List.of(
                entry("n1", OplogAction.SEALED, 0, "chunk 0"),
                entry("n2", OplogAction.SEALED, 1, "chunk 0"),
                entry("n1", OplogAction.DELETED, null, null),
                entry("n1", OplogAction.SEALED, 0, "chunk 0")));
        assertEquals(List.of("n2", "n1"), chunks.stream().map(IndexChunks.Chunk::node).toList());
        assertTrue(chunks.stream().noneMatch(IndexChunks.Chunk::cold));
    }

    @Test
    void readingGoesOnPastAMillisecondFullerThanOneRead() {
        List<OplogEntry> all = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            all.add(new OplogEntry(i, 5, "n1", OplogAction.WRITTEN, "a", 0, null, null, null, null)); // one ms
        }
        all.add(new OplogEntry(12_000, 6, "n1", OplogAction.SEALED, "a", 0, 0L, 1L, 2L, "chunk 7"));
        OplogService oplog = (index, from, to, size) -> all.stream()
                .filter(e -> e.time() >= from && e.time() < to).limit(size).toList();
        assertEquals(List.of(7), IndexChunks.read(oplog, "a").stream().map(IndexChunks.Chunk::number).toList());
    }
}
