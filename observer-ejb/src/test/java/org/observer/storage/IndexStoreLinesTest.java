package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldTypes;
import org.observer.logs.JsonFields;
import org.observer.query.MatchAllQuery;
import org.observer.query.QueryParser;
import org.observer.storage.chunk.ChunkMeta;

/**
 * A Kafka record may carry a group of logs: each is stored once under (offset, line), whether the
 * record comes again after a crash in the middle of the group, or a seal fell inside it; and an
 * index written before lines existed opens, is searched and takes groups.
 */
class IndexStoreLinesTest {

    private static final long T = 1_752_141_600_000L; // 2025-07-10T10:00:00Z

    @TempDir
    Path dir;

    private static LogRecord log(long offset, int line) {
        LogRecord one = TestRecords.record(0, offset, T + offset * 100 + line, "msg", "event " + offset + " line " + line);
        return new LogRecord(0, offset, line, one.timestamp(), one.source(), one.fields());
    }

    private static List<LogRecord> group(long offset, int from, int to) {
        List<LogRecord> logs = new ArrayList<>();
        for (int line = from; line < to; line++) {
            logs.add(log(offset, line));
        }
        return logs;
    }

    private static List<String> all(IndexStore store) throws IOException {
        return TestRecords.ids(store.search(new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 1000));
    }

    @Test
    void aGroupDeliveredAgainAfterACrashInItsMiddleIsStoredOnce() throws Exception {
        IndexStore store = IndexStore.open(dir, TestRecords.SMALL);
        assertEquals(4, store.append(group(10, 0, 4))); // the crash came after line 3
        store.sync();
        store.closeLikeCrash();

        List<LogRecord> expected = new ArrayList<>(group(10, 0, 10));
        expected.add(log(11, 0));
        try (IndexStore reopened = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(10, reopened.appliedOffset(0), "the offset of a group partly held: it is read again");
            List<LogRecord> redelivered = new ArrayList<>(List.of(log(9, 0)));
            redelivered.addAll(group(10, 0, 10));
            redelivered.add(log(11, 0));
            assertEquals(7, reopened.append(redelivered), "lines 4..9 of offset 10 and offset 11; nothing twice");
            List<String> ids = all(reopened);
            assertEquals(TestRecords.expectedIds(expected, new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 1000), ids);
            assertEquals(List.of("0-11", "0-10-9", "0-10-8"), ids.subList(0, 3));
            assertEquals("0-10", ids.get(ids.size() - 1), "line 0 keeps the id a lone log has");

            reopened.seal();
            assertEquals(ids, all(reopened));
            reopened.compact();
            assertEquals(ids, all(reopened));
            assertEquals(List.of("0-10-7"), TestRecords.ids(reopened.search(QueryParser.parse("msg:\"line 7\""),
                    Long.MIN_VALUE, Long.MAX_VALUE, 10)));
        }
    }

    @Test
    void aSealInsideAGroupKeepsItsRestToAppend() throws Exception {
        StoreSettings sealEveryThree = TestRecords.withFields(new StoreSettings(1 << 20, 3, 3));
        IndexStore store = IndexStore.open(dir, sealEveryThree);
        store.append(group(20, 0, 5)); // lines 0..2 sealed in a chunk, 3..4 in the segment
        store.sync();
        store.closeLikeCrash();
        Files.delete(dir.resolve(StorageFormat.SEGMENT_FILE)); // as if the crash came before 3..4 were written

        try (IndexStore reopened = IndexStore.open(dir, sealEveryThree)) {
            assertEquals(4, reopened.append(group(20, 0, 7)), "lines 3..6: the chunk's range ends at line 2");
            assertEquals(TestRecords.expectedIds(group(20, 0, 7), new MatchAllQuery(), Long.MIN_VALUE, Long.MAX_VALUE, 100),
                    all(reopened));
        }
    }

    @Test
    void anIndexWrittenBeforeLinesOpensIsSearchedAndTakesGroups() throws Exception {
        // written by the previous release (chunk version 5, segment version 2): 30 logs at offsets
        // 100..129, the first 20 sealed, the rest in the segment (see WriteOld.java.txt beside them)
        String resource = "written-by-chunk-version-5/";
        for (String name : List.of("chunk-00001.dat.zst", "chunk-00001.dict", "chunk-00001.meta", "chunk-00001.post",
                "chunk-00001.ts", "segment.wal")) {
            try (InputStream in = getClass().getResourceAsStream(resource + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        assertEquals(LogSequence.of(119, 0), ChunkMeta.read(dir.resolve("chunk-00001.meta")).maxSequences[0],
                "a version 5 meta's offsets are read as line 0");
        StoreSettings settings = new StoreSettings(1 << 20, 100_000, 3).withFields(FieldTypes.DEFAULT, JsonFields::flatten);
        List<String> before;
        try (IndexStore store = IndexStore.open(dir, settings)) {
            before = all(store);
            assertEquals(30, before.size());
            assertEquals("0-129", before.get(0));
            assertEquals("0-100", before.get(29));
            assertEquals(List.of("0-105"), TestRecords.ids(store.search(QueryParser.parse("message:u5"),
                    Long.MIN_VALUE, Long.MAX_VALUE, 10)));
            List<LogRecord> more = new ArrayList<>();
            for (long offset = 128; offset < 131; offset++) {
                more.add(withTime(log(offset, 0), offset));
            }
            for (int line = 0; line < 3; line++) {
                more.add(withTime(log(131, line), 131));
            }
            assertEquals(4, store.append(more), "128 and 129 are held; 130 and the group of 131 are new");
            assertTrue(Files.exists(dir.resolve(StorageFormat.chunkFile(2, StorageFormat.META_EXT))),
                    "the version 2 segment was sealed before anything was appended to it");
        }
        try (IndexStore reopened = IndexStore.open(dir, settings)) {
            List<String> after = all(reopened);
            assertEquals(List.of("0-131-2", "0-131-1", "0-131", "0-130"), after.subList(0, 4));
            assertEquals(before, after.subList(4, after.size()));
            byte[] source = reopened.search(QueryParser.parse("message:u5"), Long.MIN_VALUE, Long.MAX_VALUE, 1)
                    .hits().get(0).source();
            reopened.compact();
            assertEquals(after, all(reopened));
            assertArrayEquals(source, reopened.search(QueryParser.parse("message:u5"), Long.MIN_VALUE, Long.MAX_VALUE, 1)
                    .hits().get(0).source());
        }
    }

    /** Newer than every log of the old index, in the order of offsets and lines. */
    private static LogRecord withTime(LogRecord record, long offset) {
        return new LogRecord(record.partition(), record.offset(), record.line(), T + 60_000 + offset * 10 + record.line(),
                record.source(), record.fields());
    }
}
