package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.query.MatchAllQuery;

/**
 * A file of another format version is refused with its versions named, and opening changes
 * nothing on disk: not even the leftovers an open would otherwise clean up.
 */
class UnsupportedFormatTest {

    @TempDir
    Path dir;

    private static List<LogRecord> batch(long firstOffset, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (long offset = firstOffset; offset < firstOffset + count; offset++) {
            records.add(TestRecords.record(0, offset, offset, "msg", "event " + offset));
        }
        return records;
    }

    /** Every file under the directory with its bytes. */
    private static Map<String, ByteBuffer> contents(Path dir) throws IOException {
        Map<String, ByteBuffer> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                files.put(dir.relativize(file).toString(), Files.isRegularFile(file)
                        ? ByteBuffer.wrap(Files.readAllBytes(file)) : ByteBuffer.allocate(0));
            }
        }
        return files;
    }

    /**
     * Rewrites the meta's version as a release writing {@code version} would: the trailing CRC32C
     * covers the header, so it is recomputed (the file is intact, only of another version).
     */
    static void setMetaVersion(Path meta, int version) throws IOException {
        byte[] bytes = Files.readAllBytes(meta);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.putInt(4, version);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        buffer.putInt(bytes.length - 4, (int) crc.getValue());
        Files.write(meta, bytes);
    }

    @Test
    void aChunkOfANewerVersionIsRefusedNamingBothVersionsAndNothingIsDeleted() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(batch(0, 50));
        }
        Path meta = dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT));
        assertTrue(Files.exists(meta));
        setMetaVersion(meta, StorageFormat.CHUNK_VERSION + 1);
        // Leftovers a normal open deletes: an interrupted write, and a chunk without its meta.
        Files.write(dir.resolve(StorageFormat.chunkFile(2, StorageFormat.DICT_EXT) + StorageFormat.TEMP_SUFFIX), new byte[] {1});
        Files.write(dir.resolve(StorageFormat.chunkFile(2, StorageFormat.DATA_EXT)), new byte[] {2});
        Map<String, ByteBuffer> before = contents(dir);

        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> IndexStore.open(dir, TestRecords.SMALL));

        assertEquals(StorageFormat.CHUNK_VERSION + 1, e.found());
        assertEquals(StorageFormat.CHUNK_VERSION, e.newestSupported());
        assertEquals(meta, e.file());
        assertTrue(e.getMessage().contains("version " + (StorageFormat.CHUNK_VERSION + 1)), e.getMessage());
        assertTrue(e.getMessage().contains(StorageFormat.OLDEST_CHUNK_VERSION + " to " + StorageFormat.CHUNK_VERSION),
                e.getMessage());
        assertTrue(e.getMessage().contains("newer release"), e.getMessage());
        assertEquals(before, contents(dir), "the index directory is exactly as it was");
    }

    @Test
    void aChunkOfAVersionTooOldIsRefusedAsOlder() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(batch(0, 5));
        }
        setMetaVersion(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT)), StorageFormat.OLDEST_CHUNK_VERSION - 1);
        Map<String, ByteBuffer> before = contents(dir);

        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> IndexStore.open(dir, TestRecords.SMALL));

        assertEquals(StorageFormat.OLDEST_CHUNK_VERSION - 1, e.found());
        assertTrue(e.getMessage().contains("older release"), e.getMessage());
        assertEquals(before, contents(dir));
    }

    @Test
    void aSegmentOfAnotherVersionIsRefusedAndKept() throws Exception {
        IndexStore store = IndexStore.open(dir, TestRecords.SMALL);
        store.append(batch(0, 20));
        store.sync();
        store.closeLikeCrash();
        Path segment = dir.resolve(StorageFormat.SEGMENT_FILE);
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer.wrap(bytes).putInt(4, StorageFormat.SEGMENT_VERSION + 1);
        Files.write(segment, bytes);
        Map<String, ByteBuffer> before = contents(dir);

        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> IndexStore.open(dir, TestRecords.SMALL));

        assertEquals(segment, e.file());
        assertEquals(StorageFormat.SEGMENT_VERSION + 1, e.found());
        assertTrue(e.getMessage().contains("reads versions " + StorageFormat.OLDEST_SEGMENT_VERSION + " to "
                + StorageFormat.SEGMENT_VERSION), e.getMessage());
        assertEquals(before, contents(dir));

        // Put back as it was, the same index opens with all its records: nothing was lost.
        ByteBuffer.wrap(bytes).putInt(4, StorageFormat.SEGMENT_VERSION);
        Files.write(segment, bytes);
        try (IndexStore reopened = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(20, reopened.search(new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 0).total());
        }
    }

    @Test
    void aDamagedHeaderIsStillCorruption() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(batch(0, 5));
        }
        Path meta = dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT));
        byte[] bytes = Files.readAllBytes(meta);
        bytes[5] ^= 0x40; // a flipped bit, not a release's version: the checksum fails
        Files.write(meta, bytes);

        assertThrows(CorruptIndexException.class, () -> IndexStore.open(dir, TestRecords.SMALL));
    }
}
