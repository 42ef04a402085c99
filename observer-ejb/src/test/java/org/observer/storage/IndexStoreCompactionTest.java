package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.query.Query;
import org.observer.query.QueryParser;
import org.observer.storage.chunk.ChunkCompactor;
import org.observer.storage.io.ByteCursor;

/** Compaction: cold chunks are smaller, answer exactly like the hot ones, and survive a crash mid-way. */
class IndexStoreCompactionTest {

    private static final long T0 = 1_751_328_000_000L;

    @TempDir
    Path dir;

    private static List<LogRecord> records(int count) {
        return records(count, false);
    }

    /** With {@code shuffledTime}, timestamps jump back and forth: chunks sealed in turn overlap in time. */
    private static List<LogRecord> records(int count, boolean shuffledTime) {
        Random random = new Random(5);
        String[] words = {"connection", "refused", "accepted", "user", "session", "opened", "closed", "timeout"};
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String message = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)]
                    + " from 10.0." + random.nextInt(4) + "." + random.nextInt(255) + " port " + (40000 + random.nextInt(500))
                    + " id " + Long.toHexString(random.nextLong());
            long step = shuffledTime ? i * 7919L % count : i;
            records.add(TestRecords.record(i % 2, i, T0 + step * 250L, "@timestamp", "2025-07-01T00:00:00.000Z",
                    "message", message, "host", "web-" + random.nextInt(3)));
        }
        return records;
    }

    /** Ports (~500 values) and ids (unique) are rare numbers: cold chunks keep them in block filters. */
    private static final List<String> QUERIES = List.of("", "connection", "refused user", "host:web", "port 40007",
            "message:timeout session", "10 0 3", "nosuch", "message:40007", "40007 OR 40123", "connection -40007",
            "\"port 40007\"", "4001*", "message:[40010 TO 40020]", "message:>40490", "port 4000*", "fa*", "c0ffee");

    private static List<String> queries(List<LogRecord> records) {
        List<String> queries = new ArrayList<>(QUERIES);
        for (int i : new int[] {7, records.size() / 2, records.size() - 3}) {
            String message = TestRecords.value(records.get(i), "message");
            String id = message.substring(message.lastIndexOf(' ') + 1);
            queries.add(id);
            queries.add("message:" + id + " OR host:web-1");
            queries.add(id.substring(0, 4) + "*");
        }
        return queries;
    }

    private static void assertAnswersLikeTheReference(IndexStore store, List<LogRecord> records) throws Exception {
        long[][] ranges = {{Long.MIN_VALUE, Long.MAX_VALUE}, {T0 + 100_000, T0 + 400_000}};
        for (String text : queries(records)) {
            Query query = QueryParser.parse(text);
            for (long[] range : ranges) {
                StoreResult result = store.search(query, range[0], range[1], 50);
                assertEquals(TestRecords.expectedMatches(records, query, range[0], range[1]).size(), result.total(), text);
                assertEquals(TestRecords.expectedIds(records, query, range[0], range[1], 50), TestRecords.ids(result), text);
                for (StoredHit hit : result.hits()) {
                    assertArrayEquals(records.get((int) hit.offset()).source(), hit.source(), "offset " + hit.offset());
                }
            }
        }
    }

    /** Copies every file of {@code from} into {@code to}, replacing what is there. */
    private static void copyFiles(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** True if a dictionary file holds block filters (its filters position is set). */
    private static boolean hasFilters(Path dict) throws Exception {
        ByteCursor in = new ByteCursor(java.nio.ByteBuffer.wrap(Files.readAllBytes(dict)), StorageFormat.HEADER_BYTES);
        int fields = in.readInt();
        for (int i = 0; i < fields; i++) {
            in.skip(in.readVInt());
        }
        in.readInt(); // terms
        in.readInt(); // blocks
        return in.readInt() != 0;
    }

    private long chunkBytes() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(StorageFormat.CHUNK_PREFIX))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void hotChunksKeepTheirRarestIdsInBlockFiltersWhenRecordsCanBeReadBack() throws Exception {
        List<LogRecord> records = records(3000);
        Path plain = Files.createTempDirectory(dir, "plain");
        try (IndexStore store = IndexStore.open(plain, new StoreSettings(1 << 29, 100_000, 3))) {
            store.append(records);
            store.seal();
            // Without a field extractor nothing can be read back: every term stays in the dictionary.
            assertTrue(!hasFilters(plain.resolve(StorageFormat.chunkFile(1, StorageFormat.DICT_EXT))));
        }
        Path filtered = Files.createTempDirectory(dir, "filtered");
        try (IndexStore store = IndexStore.open(filtered, TestRecords.withFields(new StoreSettings(1 << 29, 100_000, 3)).withHotBlockFilters(true))) {
            store.append(records);
            store.seal();
            Path dict = filtered.resolve(StorageFormat.chunkFile(1, StorageFormat.DICT_EXT));
            assertTrue(hasFilters(dict));
            // The ids (unique, a third of them starting with a digit) are most of a log dictionary.
            long without = Files.size(plain.resolve(StorageFormat.chunkFile(1, StorageFormat.DICT_EXT)));
            assertTrue(Files.size(dict) < without * 0.8, Files.size(dict) + " vs " + without);
            assertAnswersLikeTheReference(store, records);
            assertFindsTheIds(store, records);
            // Compaction finds the filtered ids in the records it re-cuts: the cold filters hold them too.
            assertEquals(1, store.compact());
            assertAnswersLikeTheReference(store, records);
            assertFindsTheIds(store, records);
        }
        try (IndexStore store = IndexStore.open(filtered, TestRecords.SMALL)) {
            assertAnswersLikeTheReference(store, records);
        }
    }

    @Test
    void anIdRunningIntoTheRecordsOwnTimestampTextIsFoundThoughThatTextIsNotStored() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long timestamp = T0 + i * 1000L + 123;
            // The record's own timestamp text (cut from the stored record) right after a digit-first id:
            // the word "<id>2025" is filtered, and only part of it is in the stored bytes.
            String message = "run " + (7_000 + i) + java.time.Instant.ofEpochMilli(timestamp) + " done " + (90_000 + i);
            records.add(TestRecords.record(0, i, timestamp, "message", message));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, 100_000, 3)).withHotBlockFilters(true))) {
            store.append(records);
            store.seal();
            assertTrue(hasFilters(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.DICT_EXT))));
            for (boolean cold : new boolean[] {false, true}) {
                for (String text : List.of("70422025", "message:70422025", "7042202*", "704220*", "91042", "9104*", "7042*")) {
                    Query query = QueryParser.parse(text);
                    assertEquals(TestRecords.expectedIds(records, query, Long.MIN_VALUE, Long.MAX_VALUE, 10),
                            TestRecords.ids(store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 10)), text + " cold " + cold);
                }
                store.compact();
            }
        }
    }

    /** Every 97th record's id (unique), alone and by its first three characters. */
    private static void assertFindsTheIds(IndexStore store, List<LogRecord> records) throws Exception {
        for (int i = 0; i < records.size(); i += 97) {
            String message = TestRecords.value(records.get(i), "message");
            String id = message.substring(message.lastIndexOf(' ') + 1);
            for (String text : List.of(id, id.toUpperCase(), "message:" + id.substring(0, 3) + "*")) {
                Query query = QueryParser.parse(text);
                assertEquals(TestRecords.expectedIds(records, query, Long.MIN_VALUE, Long.MAX_VALUE, 10),
                        TestRecords.ids(store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 10)), text);
                assertEquals(TestRecords.expectedMatches(records, query, Long.MIN_VALUE, Long.MAX_VALUE).size(),
                        store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 10).total(), text);
            }
        }
    }

    @Test
    void prefixesOfFilteredIdsFindWhatTheRecordsHoldInHotAndColdChunks() throws Exception {
        Random random = new Random(11);
        List<LogRecord> records = new ArrayList<>();
        String[] shared = {"731", "7310ab", "42", "7a", "9f"}; // short ids, and ids in many records (in the dictionary)
        for (int i = 0; i < 4000; i++) {
            String id = (1 + random.nextInt(9)) + Long.toHexString(random.nextLong() >>> 8).substring(0, 1 + random.nextInt(12));
            String other = Long.toHexString(random.nextLong() >>> 40); // may start with a letter: only cold chunks filter it
            String message = "request " + (i % 5 == 0 ? id.toUpperCase() : id) + " from " + other
                    + (i % 40 == 0 ? " batch " + shared[i / 40 % shared.length] : "")
                    + (i % 7 == 0 ? " retry " + (7310 + i % 3) : "");
            records.add(TestRecords.record(0, i, T0 + i * 1000L, "message", message, "host", "h" + (7300 + i % 50)));
        }
        List<String> texts = new ArrayList<>(List.of("7*", "73*", "731*", "7310*", "7310a*", "7310ab*", "73100*",
                "9f*", "9*", "a*", "ab*", "abc*", "abcd*", "0*", "000*", "0000*", "fff00*", "42*", "420*", "host:h73*",
                "host:h7301*", "message:731*", "host:731*", "request -73*", "batch 7*", "7a*", "7a0*"));
        for (int i = 3; i < records.size(); i += 211) {
            String message = TestRecords.value(records.get(i), "message");
            String[] words = message.toLowerCase(java.util.Locale.ROOT).split(" ");
            for (String word : List.of(words[1], words[3])) {
                for (int length = 1; length <= word.length(); length++) {
                    texts.add((length % 2 == 0 ? "message:" : "") + word.substring(0, length) + "*");
                }
            }
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, 1500, 3)).withHotBlockFilters(true))) {
            store.append(records);
            store.seal();
            assertEquals(3, store.stats().chunks());
            assertTrue(hasFilters(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.DICT_EXT))));
            assertPrefixesLikeTheRecords(store, records, texts, "hot");
            assertEquals(3, store.compact());
            assertPrefixesLikeTheRecords(store, records, texts, "cold");
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, 1500, 3)))) {
            assertPrefixesLikeTheRecords(store, records, texts, "reopened");
        }
    }

    private static void assertPrefixesLikeTheRecords(IndexStore store, List<LogRecord> records, List<String> texts,
                                                     String state) throws Exception {
        long[][] ranges = {{Long.MIN_VALUE, Long.MAX_VALUE}, {T0 + 700_000, T0 + 2_300_000}};
        for (String text : texts) {
            Query query = QueryParser.parse(text);
            for (long[] range : ranges) {
                StoreResult result = store.search(query, range[0], range[1], 20);
                assertEquals(TestRecords.expectedMatches(records, query, range[0], range[1]).size(), result.total(),
                        text + " " + state);
                assertEquals(TestRecords.expectedIds(records, query, range[0], range[1], 20), TestRecords.ids(result),
                        text + " " + state);
            }
        }
    }

    @Test
    void aTermsCountOfATextFieldIncludesTheIdsKeptInBlockFilters() throws Exception {
        Random random = new Random(9);
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String id = Long.toHexString(random.nextLong() >>> 4 | 1L << 58); // 15 hex digits
            id = (1 + random.nextInt(9)) + id.substring(1); // starting with a digit: hot chunks filter it
            // Some ids in capitals (indexed lowercased), one repeated in other chunks and in the dictionary of one,
            // one longer than a token may be (indexed cut).
            String message = (i % 3 == 0 ? "request " + id.toUpperCase() : "request " + id) + " from 10.0.0." + i % 7
                    + (i % 500 == 0 ? " batch 4242ab" : "") + (i % 100 == 1 ? " trace " + id + "7".repeat(300) : "")
                    + (i >= 2000 && i < 2010 ? " batch 4242ab" : "");
            records.add(TestRecords.record(0, i, T0 + i * 1000L, "message", message, "host", "web-" + i % 3));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, 1000, 3)).withHotBlockFilters(true))) {
            store.append(records);
            store.seal();
            assertTrue(hasFilters(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.DICT_EXT))));
            assertTermsLikeTheReference(store, records);
            store.compact();
            assertTermsLikeTheReference(store, records);
        }
    }

    /** Terms counts of {@code message} and {@code host}, exactly as counted on the records themselves. */
    private static void assertTermsLikeTheReference(IndexStore store, List<LogRecord> records) throws Exception {
        for (String text : List.of("", "request", "4242ab", "host:web-1", "trace")) {
            for (long[] range : List.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, new long[] {T0 + 700_000, T0 + 2_300_000})) {
                Query query = QueryParser.parse(text);
                Aggregation aggregation = new Aggregation(T0, 0, 0, List.of("message", "host"));
                store.search(query, range[0], range[1], 5, aggregation);
                java.util.Map<String, java.util.Map<String, Long>> expected = new java.util.HashMap<>();
                for (LogRecord record : TestRecords.expectedMatches(records, query, range[0], range[1])) {
                    for (String field : List.of("message", "host")) {
                        String value = TestRecords.value(record, field);
                        java.util.Set<String> terms = new java.util.HashSet<>(field.equals("host")
                                ? List.of(org.observer.analysis.Analyzer.keyword(value))
                                : org.observer.analysis.Analyzer.STANDARD.terms(value));
                        terms.remove(null);
                        terms.forEach(t -> expected.computeIfAbsent(field, f -> new java.util.HashMap<>()).merge(t, 1L, Long::sum));
                    }
                }
                for (String field : List.of("message", "host")) {
                    assertEquals(expected.getOrDefault(field, java.util.Map.of()), aggregation.terms().get(field),
                            text + " " + field + " " + range[0]);
                }
            }
        }
    }

    @Test
    void coldChunksAreSmallerAndAnswerLikeTheHotOnes() throws Exception {
        List<LogRecord> records = records(6000);
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, 2500, 3)))) {
            store.append(records);
            store.seal();
            assertEquals(3, store.stats().chunks());
            assertAnswersLikeTheReference(store, records);
            long hot = chunkBytes();
            assertEquals(3, store.compact());
            assertEquals(0, store.compact(), "cold chunks are left alone");
            assertEquals(3, store.stats().chunks());
            long cold = chunkBytes();
            assertTrue(cold < hot * 0.9, "cold " + cold + " vs hot " + hot);
            assertTrue(hasFilters(dir.resolve(StorageFormat.chunkFile(4, StorageFormat.DICT_EXT))));
            assertAnswersLikeTheReference(store, records);
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(6000, store.stats().documents());
            assertAnswersLikeTheReference(store, records);
        }
    }

    @Test
    void aCrashBeforeTheHotChunkIsDeletedKeepsOnlyTheColdOne() throws Exception {
        List<LogRecord> records = records(3000);
        Path saved = Files.createTempDirectory("hot");
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records);
            store.seal();
            for (String name : StorageFormat.chunkDataFiles(1)) {
                Files.copy(dir.resolve(name), saved.resolve(name));
            }
            Files.copy(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT)),
                    saved.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT)));
            assertEquals(1, store.compact());
        }
        // As if the node died after the cold chunk's meta was durable, before the hot files were deleted.
        copyFiles(saved, dir);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(3000, store.stats().documents());
            assertEquals(1, store.stats().chunks());
            assertAnswersLikeTheReference(store, records);
        }
        assertTrue(Files.notExists(dir.resolve(StorageFormat.chunkFile(1, StorageFormat.META_EXT))));
    }

    @Test
    void aLargeChunkIsCompressedWithADictionaryTrainedOnIt() throws Exception {
        List<LogRecord> records = records(40_000);
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, 1_000_000, 3)))) {
            store.append(records);
            store.seal();
            long raw = 0;
            for (LogRecord record : records) {
                raw += record.source().length;
            }
            assertTrue(raw > ChunkCompactor.MIN_TRAINING_BYTES, "only " + raw + " bytes");
            store.compact();
            assertAnswersLikeTheReference(store, records);
        }
        Path data = dir.resolve(StorageFormat.chunkFile(2, StorageFormat.DATA_EXT));
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(Files.readAllBytes(data), 0, 12);
        assertTrue(header.getInt(8) > 0, "no zstd dictionary in " + data);
    }

    @Test
    void smallChunksAreMergedIntoOneThatAnswersLikeThem() throws Exception {
        List<LogRecord> records = records(1800, true);
        try (IndexStore store = IndexStore.open(dir, TestRecords.withFields(new StoreSettings(1 << 29, 4000, 3)))) {
            for (int from = 0; from < 1500; from += 300) {
                store.append(records.subList(from, from + 300));
                store.seal();
            }
            assertEquals(5, store.stats().chunks());
            assertAnswersLikeTheReference(store, records.subList(0, 1500));
            assertEquals(5, store.compact());
            assertEquals(1, store.stats().chunks());
            assertTrue(hasFilters(dir.resolve(StorageFormat.chunkFile(6, StorageFormat.DICT_EXT))));
            assertAnswersLikeTheReference(store, records.subList(0, 1500));

            // A cold chunk still small takes in the next small one.
            store.append(records.subList(1500, 1800));
            store.seal();
            assertEquals(2, store.stats().chunks());
            assertEquals(2, store.compact());
            assertEquals(1, store.stats().chunks());
            assertEquals(0, store.compact(), "one cold chunk is left alone");
            assertAnswersLikeTheReference(store, records);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of("chunk-00008.dat.zst", "chunk-00008.dict", "chunk-00008.meta", "chunk-00008.post",
                    "chunk-00008.ts"), names);
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(1800, store.stats().documents());
            assertAnswersLikeTheReference(store, records);
        }
    }

    @Test
    void aCrashDuringAMergeKeepsEitherTheSmallChunksOrTheMergedOne() throws Exception {
        List<LogRecord> records = records(900, true);
        Path saved = Files.createTempDirectory("small");
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            for (int from = 0; from < 900; from += 300) {
                store.append(records.subList(from, from + 300));
                store.seal();
            }
            copyFiles(dir, saved);
            assertEquals(3, store.compact());
        }
        // Died after the merged chunk's meta was durable, before the small chunks were deleted.
        copyFiles(saved, dir);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(900, store.stats().documents());
            assertEquals(1, store.stats().chunks());
            assertAnswersLikeTheReference(store, records);
        }
        // Died mid-merge: the scratch directory and the merged chunk's files exist, its meta does not.
        Path fresh = Files.createTempDirectory("crashed");
        copyFiles(saved, fresh);
        Path scratch = Files.createDirectory(fresh.resolve(ChunkCompactor.MERGE_SCRATCH));
        Files.write(scratch.resolve(StorageFormat.SEGMENT_FILE), new byte[1000]);
        for (String name : StorageFormat.chunkDataFiles(4)) {
            Files.copy(dir.resolve(name), fresh.resolve(name));
        }
        try (IndexStore store = IndexStore.open(fresh, TestRecords.SMALL)) {
            assertEquals(900, store.stats().documents());
            assertEquals(3, store.stats().chunks());
            assertAnswersLikeTheReference(store, records);
        }
        assertTrue(Files.notExists(scratch));
        assertTrue(Files.notExists(fresh.resolve(StorageFormat.chunkDataFiles(4)[0])));
    }
}
