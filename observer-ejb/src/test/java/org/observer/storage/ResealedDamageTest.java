package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.query.QueryParser;
import org.observer.storage.chunk.ChunkMeta;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.MappedBuffers;

/**
 * Damage behind valid checksums (a writer's bug, or bytes changed and resealed) is reported as
 * {@link CorruptIndexException}, like damage the checksums catch: never an IndexOutOfBounds from a
 * decoder, never an allocation sized by a garbage count. What {@code DamagedIndexFuzzTest} found.
 */
class ResealedDamageTest {

    private static final long T0 = 1_751_328_000_000L;

    @TempDir
    Path dir;

    private void writeOneChunk() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(TestRecords.record(0, i, T0 + i, "message", "connection refused " + i));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records);
            store.seal();
        }
    }

    @Test
    void aMetaCountPastTheEndIsCorruptWithoutAllocatingIt() throws Exception {
        writeOneChunk();
        Path metaFile = dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT));
        byte[] meta = Files.readAllBytes(metaFile);
        // the partition count, right after header, number, documents and the two timestamps
        ByteBuffer.wrap(meta).putInt(StorageFormat.HEADER_BYTES + 24, Integer.MAX_VALUE);
        ByteBuffer.wrap(meta).putInt(meta.length - 4, MappedBuffers.crc32c(meta, 0, meta.length - 4));
        Files.write(metaFile, meta);
        CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> IndexStore.open(dir, TestRecords.SMALL));
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
    }

    @Test
    void aTimestampColumnCutShortAndResealedIsCorruptOnSearch() throws Exception {
        writeOneChunk();
        Path tsFile = dir.resolve(StorageFormat.chunkFile(1, StorageFormat.TIMESTAMPS_EXT));
        reseal(ChunkMeta.FILE_TIMESTAMPS, Arrays.copyOf(Files.readAllBytes(tsFile), StorageFormat.HEADER_BYTES + 2));
        assertCorruptOnSearch("connection", "malformed");
    }

    @Test
    void aShapeColumnThatDoesNotDecompressIsCorruptOnSearch() throws Exception {
        writeOneChunk();
        byte[] post = Files.readAllBytes(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.POSTINGS_EXT)));
        // the zstd frame after the header and the column's three counts: zstd-jni throws on it
        Arrays.fill(post, StorageFormat.HEADER_BYTES + 12, post.length, (byte) 0x5a);
        reseal(ChunkMeta.FILE_POSTINGS, post);
        assertCorruptOnSearch("connection refused", "shape column does not decompress");
    }

    /** Writes {@code bytes} as the chunk's file {@code index} and makes the meta's checksums agree. */
    private void reseal(int index, byte[] bytes) throws Exception {
        Files.write(dir.resolve(StorageFormat.chunkDataFiles(1)[index]), bytes);
        Path metaFile = dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT));
        ChunkMeta m = ChunkMeta.read(metaFile);
        long[] lengths = m.fileLengths.clone();
        int[] crcs = m.fileCrcs.clone();
        lengths[index] = bytes.length;
        crcs[index] = MappedBuffers.crc32c(bytes, 0, bytes.length);
        ByteSink resealed = new ChunkMeta(m.number, m.documents, m.minTimestamp, m.maxTimestamp, m.partitions,
                m.minSequences, m.maxSequences, lengths, crcs, m.blockPositions, m.blockCompressedLengths,
                m.blockRawLengths, m.blockFirstOrdinals, m.blockCrcs, m.flags, m.replaces).encode();
        Files.write(metaFile, Arrays.copyOf(resealed.array(), resealed.size()));
    }

    private void assertCorruptOnSearch(String query, String problem) throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            for (int attempt = 0; attempt < 2; attempt++) { // and it stays corrupt
                CorruptIndexException e = assertThrows(CorruptIndexException.class,
                        () -> store.search(QueryParser.parse(query), Long.MIN_VALUE, Long.MAX_VALUE, 10));
                assertTrue(e.getMessage().contains(problem), e.getMessage());
            }
        }
    }
}
