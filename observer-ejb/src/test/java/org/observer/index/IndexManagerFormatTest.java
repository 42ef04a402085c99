package org.observer.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldValue;
import org.observer.api.IndexState;
import org.observer.api.OplogAction;
import org.observer.query.MatchAllQuery;
import org.observer.storage.LogRecord;
import org.observer.storage.StorageFormat;
import org.observer.storage.UnsupportedFormatException;

/**
 * An index whose files another release wrote is refused with a clear error and left alone: not
 * marked degraded, not set aside in the quarantine, no rebuild asked for. The manager runs on a
 * real data directory, outside a container.
 */
class IndexManagerFormatTest {

    @TempDir
    Path data;

    private IndexManagerFixture fixture;
    private IndexManager manager;

    @BeforeEach
    void start() {
        fixture = IndexManagerFixture.start(data);
        manager = fixture.manager;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static List<LogRecord> records(int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String message = "request served in " + i + " ms";
            String json = "{\"message\":\"" + message + "\"}";
            records.add(new LogRecord(0, i, 1_750_000_000_000L + i, json.getBytes(StandardCharsets.UTF_8),
                    List.of(new FieldValue("message", message))));
        }
        return records;
    }

    private static Map<String, ByteBuffer> contents(Path dir) throws Exception {
        Map<String, ByteBuffer> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(file)) {
                    files.put(dir.relativize(file).toString(), ByteBuffer.wrap(Files.readAllBytes(file)));
                }
            }
        }
        return files;
    }

    @Test
    void anIndexOfANewerFormatIsRefusedAndLeftUntouched() throws Exception {
        manager.write("app", 0, store -> store.append(records(100)));
        assertEquals(1, manager.closeIdle(0));
        assertEquals(IndexState.CLOSED, manager.get("app", List.of(0)).state());
        Path indexes = data.resolve("indexes");
        Path meta;
        try (Stream<Path> walk = Files.walk(indexes)) {
            meta = walk.filter(p -> p.getFileName().toString().endsWith(StorageFormat.META_EXT)).findFirst().orElseThrow();
        }
        // What a newer release would have written: another version, a valid checksum.
        byte[] bytes = Files.readAllBytes(meta);
        ByteBuffer.wrap(bytes).putInt(4, StorageFormat.CHUNK_VERSION + 1);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        Files.write(meta, bytes);
        Map<String, ByteBuffer> before = contents(indexes);
        fixture.recorded.clear();

        UnsupportedIndexFormatException e = assertThrows(UnsupportedIndexFormatException.class,
                () -> manager.read("app", 0, store -> store.search(new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 10)));
        assertEquals(503, e.status());
        assertEquals("index_format_unsupported", e.type());
        assertTrue(e.getCause() instanceof UnsupportedFormatException);
        assertTrue(e.getMessage().contains("version " + (StorageFormat.CHUNK_VERSION + 1)), e.getMessage());
        assertTrue(e.getMessage().contains("to " + StorageFormat.CHUNK_VERSION), e.getMessage());

        // Asked again (a write this time), the same answer: still not treated as damage.
        assertThrows(UnsupportedIndexFormatException.class, () -> manager.write("app", 0, store -> store.append(records(1))));
        assertEquals(IndexState.CLOSED, manager.get("app", List.of(0)).state(), "not DEGRADED");
        assertEquals(List.of(), fixture.rebuildsAsked, "no rebuild asked for");
        assertFalse(fixture.recorded.stream().anyMatch(r -> r.startsWith(OplogAction.DEGRADED.name())),
                fixture.recorded.toString());
        assertFalse(Files.exists(data.resolve("quarantine")) && contents(data.resolve("quarantine")).size() > 0,
                "nothing set aside in the quarantine");
        assertEquals(before, contents(indexes), "the index's files are exactly as they were");
    }
}
