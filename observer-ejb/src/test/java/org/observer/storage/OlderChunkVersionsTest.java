package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.observer.analysis.FieldTypes;
import org.observer.logs.JsonFields;
import org.observer.query.Query;
import org.observer.query.QueryParser;

/**
 * A hot chunk written by an older release answers like the records it holds, before and after
 * compaction rewrites it: version 7 (dictionary entries whole, not in block sections, its
 * dictionary is of that version) and version 8 (values whole, not templates and variables, its
 * data is of that version). Each resource folder holds the program that wrote it.
 */
class OlderChunkVersionsTest {
    private static final List<String> FILES = List.of("chunk-00001.dat.zst", "chunk-00001.dict", "chunk-00001.meta",
            "chunk-00001.post", "chunk-00001.ts");

    @TempDir
    Path dir;

    /** The 200 logs the old release sealed (see WriteOld.java.txt beside the files). */
    private static List<LogRecord> written() {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String json = "{\"@timestamp\":\"2025-11-10T10:" + String.format("%02d:%02d", i / 60, i % 60)
                    + ".000Z\",\"message\":\"" + (i % 4 == 0 ? "connection refused by" : "user u" + i + " logged in from")
                    + " 10.0." + (i % 7) + "." + i + " session " + Long.toHexString(0x5eed0000L + i * 7919L)
                    + "\",\"host\":\"web-" + (i % 3) + "\"}";
            byte[] source = json.getBytes(StandardCharsets.UTF_8);
            records.add(new LogRecord(0, 100 + i, 1762768800000L + i * 1000L, source, JsonFields.flatten(source)));
        }
        return records;
    }

    @ParameterizedTest(name = "version {0}")
    @CsvSource({"7, chunk-00001.dict", "8, chunk-00001.dat.zst"})
    void anOlderChunkAnswersLikeItsRecordsBeforeAndAfterCompaction(int version, String versionedFile) throws Exception {
        for (String name : FILES) {
            try (InputStream in = getClass().getResourceAsStream("written-by-chunk-version-" + version + "/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        assertEquals(version, ByteBuffer.wrap(Files.readAllBytes(dir.resolve(versionedFile))).getInt(4),
                versionedFile + " is of version " + version);
        List<LogRecord> records = written();
        List<String> queries = List.of("refused", "message:u17", "u1*", "5eed*", "host:web-2", "\"logged in from\"",
                "\"user u33 logged\"", "connection AND NOT host:web-0", "10.0.3.10", "session");
        StoreSettings settings = new StoreSettings(1 << 20, 100_000, 3).withFields(FieldTypes.DEFAULT, JsonFields::flatten);
        byte[] source;
        try (IndexStore store = IndexStore.open(dir, settings)) {
            assertSameAnswers(store, records, queries);
            source = store.search(QueryParser.parse("message:u17"), Long.MIN_VALUE, Long.MAX_VALUE, 1).hits().get(0).source();
            assertArrayEquals(records.get(17).source(), source, "the record comes back byte for byte");
            store.compact();
            assertSameAnswers(store, records, queries);
            source = store.search(QueryParser.parse("message:u33"), Long.MIN_VALUE, Long.MAX_VALUE, 1).hits().get(0).source();
            assertArrayEquals(records.get(33).source(), source, "the rewritten record comes back byte for byte");
        }
        assertTrue(Files.notExists(dir.resolve("chunk-00001.meta")), "compaction replaced the old chunk");
    }

    private static void assertSameAnswers(IndexStore store, List<LogRecord> records, List<String> queries) throws Exception {
        for (String text : queries) {
            Query query = QueryParser.parse(text);
            List<String> expected = TestRecords.expectedIds(records, query, Long.MIN_VALUE, Long.MAX_VALUE, 300);
            assertTrue(!expected.isEmpty(), text + " matches something");
            assertEquals(expected, TestRecords.ids(store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 300)), text);
        }
    }
}
