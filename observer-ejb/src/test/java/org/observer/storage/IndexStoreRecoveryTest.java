package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.observer.query.MatchAllQuery;

class IndexStoreRecoveryTest {

    @TempDir
    Path dir;

    private static List<LogRecord> batch(long firstOffset, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset = firstOffset + i;
            records.add(TestRecords.record(0, offset, offset, "msg", "event " + offset));
        }
        return records;
    }

    private static long documents(IndexStore store) throws Exception {
        return store.search(new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 0).total();
    }

    /** Leaves a segment holding {@code count} synced records, as after a kill -9. */
    private void crashWithSegmentOf(int count) throws Exception {
        IndexStore store = IndexStore.open(dir, TestRecords.SMALL);
        store.append(batch(0, count));
        store.sync();
        store.closeLikeCrash();
    }

    /** Start positions of each frame, and the end of the last one, read from the file format. */
    private static List<Integer> frameStarts(byte[] segment) {
        List<Integer> starts = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(segment);
        int position = StorageFormat.HEADER_BYTES;
        while (position + 8 <= segment.length && buffer.getInt(position) > 0) {
            starts.add(position);
            position += 8 + buffer.getInt(position);
        }
        starts.add(position);
        return starts;
    }

    @Test
    void tornTailOfTheSegmentIsDiscardedAndTheRestSurvives() throws Exception {
        crashWithSegmentOf(10);
        Path segment = dir.resolve(StorageFormat.SEGMENT_FILE);
        byte[] bytes = Files.readAllBytes(segment);
        List<Integer> starts = frameStarts(bytes);
        assertEquals(11, starts.size());
        Files.write(segment, Arrays.copyOf(bytes, starts.get(10) - 3)); // the last frame is cut short
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(9, documents(store));
            assertEquals(8, store.appliedOffset(0));
            assertEquals(1, store.append(batch(9, 1))); // the lost record can be replayed from Kafka
            assertEquals(10, documents(store));
        }
    }

    @Test
    void frameWithBadChecksumEndsTheSegment() throws Exception {
        crashWithSegmentOf(10);
        Path segment = dir.resolve(StorageFormat.SEGMENT_FILE);
        byte[] bytes = Files.readAllBytes(segment);
        List<Integer> starts = frameStarts(bytes);
        bytes[starts.get(5) + 12] ^= 0x01; // inside the payload of the sixth record
        Files.write(segment, bytes);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(5, documents(store));
            assertEquals(4, store.appliedOffset(0));
        }
    }

    @Test
    void garbageAfterTheLastFrameIsIgnored() throws Exception {
        crashWithSegmentOf(4);
        Path segment = dir.resolve(StorageFormat.SEGMENT_FILE);
        byte[] bytes = Files.readAllBytes(segment);
        int end = frameStarts(bytes).get(4);
        byte[] torn = Arrays.copyOf(bytes, end + 20);
        ByteBuffer.wrap(torn).putInt(end, 1_000_000).putInt(end + 4, 12345); // a length pointing past the end
        Files.write(segment, torn);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(4, documents(store));
            store.append(batch(4, 2));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(6, documents(store));
        }
    }

    private void sealOneChunk() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(batch(0, 2000));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".dat.zst", ".dict", ".post", ".ts"})
    void flippedByteInASealedChunkFileIsDetected(String extension) throws Exception {
        sealOneChunk();
        Path file = dir.resolve("chunk-00001" + extension);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> documents(store));
            assertTrue(e.getMessage().contains("chunk-00001" + extension), e.getMessage());
            assertEquals(file, e.file());
            // Still refused on the next search, not half-answered.
            assertThrows(CorruptIndexException.class, () -> documents(store));
        }
    }

    @Test
    void flippedByteInChunkMetaIsDetectedOnOpen() throws Exception {
        sealOneChunk();
        Path meta = dir.resolve("chunk-00001.meta");
        byte[] bytes = Files.readAllBytes(meta);
        bytes[20] ^= 0x01;
        Files.write(meta, bytes);
        CorruptIndexException e = assertThrows(CorruptIndexException.class,
                () -> IndexStore.open(dir, TestRecords.SMALL));
        assertTrue(e.getMessage().contains("chunk-00001.meta"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {".dat.zst", ".dict", ".post", ".ts"})
    void missingChunkFileIsDetectedOnOpen(String extension) throws Exception {
        sealOneChunk();
        Files.delete(dir.resolve("chunk-00001" + extension));
        CorruptIndexException e = assertThrows(CorruptIndexException.class,
                () -> IndexStore.open(dir, TestRecords.SMALL));
        assertTrue(e.getMessage().contains("chunk-00001" + extension), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void truncatedChunkFileIsDetectedOnOpen() throws Exception {
        sealOneChunk();
        Path data = dir.resolve("chunk-00001.dat.zst");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(bytes, bytes.length - 1));
        CorruptIndexException e = assertThrows(CorruptIndexException.class,
                () -> IndexStore.open(dir, TestRecords.SMALL));
        assertTrue(e.getMessage().contains("chunk-00001.dat.zst"), e.getMessage());
    }

    @Test
    void interruptedSealIsDiscardedAndTheSegmentKept() throws Exception {
        crashWithSegmentOf(10);
        Files.write(dir.resolve("chunk-00001.dat.zst"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("chunk-00001.dict"), new byte[] {4});
        Files.write(dir.resolve("chunk-00001.post.tmp"), new byte[] {5});
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertFalse(Files.exists(dir.resolve("chunk-00001.dat.zst")));
            assertFalse(Files.exists(dir.resolve("chunk-00001.dict")));
            assertFalse(Files.exists(dir.resolve("chunk-00001.post.tmp")));
            assertEquals(10, documents(store));
            store.seal();
            assertEquals(1, store.stats().chunks());
            assertTrue(Files.exists(dir.resolve("chunk-00001.meta")));
        }
    }

    @Test
    void segmentLeftBehindByASealIsNotCountedTwice() throws Exception {
        crashWithSegmentOf(10);
        Path segment = dir.resolve(StorageFormat.SEGMENT_FILE);
        byte[] saved = Files.readAllBytes(segment);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.seal();
            store.append(batch(10, 1));
        }
        // As if the crash came after the chunk's meta was durable but before the segment was deleted.
        Files.write(segment, saved);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(11, documents(store));
            assertEquals(11, store.stats().documents());
            store.seal(); // nothing new to seal: the replayed records were all duplicates
            assertEquals(2, store.stats().chunks());
        }
    }
}
