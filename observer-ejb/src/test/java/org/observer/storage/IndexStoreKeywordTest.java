package org.observer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldValue;
import org.observer.query.AndQuery;
import org.observer.query.QueryParser;
import org.observer.query.TermQuery;

/** Keyword keys: one entry per (term, field); any-field terms are unions over fields. */
class IndexStoreKeywordTest {

    @TempDir
    Path dir;

    private static long total(IndexStore store, String query) throws Exception {
        return store.search(QueryParser.parse(query), Long.MIN_VALUE, Long.MAX_VALUE, 0).total();
    }

    private static List<String> ids(IndexStore store, String query) throws Exception {
        return TestRecords.ids(store.search(QueryParser.parse(query), Long.MIN_VALUE, Long.MAX_VALUE, 100));
    }

    @Test
    void anyFieldTermIsTheUnionOfItsFieldsAndCountsEachDocumentOnce() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(List.of(
                    // "disk" in two fields of one document: one hit.
                    TestRecords.record(0, 0, 10, "msg", "disk full", "host", "disk"),
                    // "disk" in a different field in each of two documents: two hits.
                    TestRecords.record(0, 1, 20, "msg", "disk ok"),
                    TestRecords.record(0, 2, 30, "host", "disk", "msg", "ok"),
                    // Neither.
                    TestRecords.record(0, 3, 40, "msg", "fine", "host", "web")));
            for (int pass = 0; pass < 3; pass++) { // active segment, sealed chunk, chunk + segment
                String where = "pass " + pass;
                assertEquals(3, total(store, "disk"), where);
                assertEquals(List.of("0-2", "0-1", "0-0"), ids(store, "disk"), where);
                assertEquals(2, total(store, "msg:disk"), where);
                assertEquals(2, total(store, "host:disk"), where);
                // Any-field clauses intersect as unions: "disk" anywhere and "ok" anywhere.
                assertEquals(List.of("0-2", "0-1"), ids(store, "disk ok"), where);
                assertEquals(List.of("0-1"), ids(store, "msg:disk ok"), where);
                assertEquals(List.of("0-2"), ids(store, "host:disk ok"), where);
                assertEquals(List.of("0-0"), ids(store, "host:disk msg:disk"), where);
                assertEquals(List.of("0-0"), ids(store, "full disk"), where);
                assertEquals(List.of(), ids(store, "nosuch:disk"), where);
                // A null field in a TermQuery means any field.
                assertEquals(3, store.search(new AndQuery(List.of(new TermQuery(null, "disk"), new TermQuery(null, "disk"))), Long.MIN_VALUE,
                        Long.MAX_VALUE, 0).total(), where);
                if (pass == 0) {
                    store.seal();
                } else if (pass == 1) {
                    store.append(List.of(TestRecords.record(0, 4, 50, "host", "x", "msg", "y")));
                }
            }
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(3, total(store, "disk"));
            assertEquals(2, store.stats().chunks());
        }
    }

    @Test
    void anyFieldUnionAcrossManyFieldsAndARangeCut() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        String[] fields = {"a", "b", "c", "d", "e"};
        for (int i = 0; i < 500; i++) {
            List<FieldValue> values = new ArrayList<>();
            // Term "t" lands in field (i % 5), and also in field ((i / 5) % 5) every third document.
            values.add(new FieldValue(fields[i % 5], "t v" + i));
            if (i % 3 == 0) {
                values.add(new FieldValue(fields[(i / 5) % 5], "t"));
            }
            values.add(new FieldValue("z", i % 2 == 0 ? "even" : "odd"));
            records.add(new LogRecord(0, i, 1000 + i, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8), values));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records);
            for (int pass = 0; pass < 2; pass++) {
                for (String query : new String[] {"t", "t even", "even t", "a:t", "t a:t", "t z:odd", "v17 t"}) {
                    for (long[] range : new long[][] {{Long.MIN_VALUE, Long.MAX_VALUE}, {1100, 1201}, {1499, 1500}}) {
                        StoreResult result = store.search(QueryParser.parse(query), range[0], range[1], 7);
                        List<LogRecord> expected = TestRecords.expectedMatches(records, QueryParser.parse(query),
                                range[0], range[1]);
                        assertEquals(expected.size(), result.total(), query + " pass " + pass);
                        assertEquals(TestRecords.expectedIds(records, QueryParser.parse(query), range[0], range[1], 7),
                                TestRecords.ids(result), query + " pass " + pass);
                    }
                }
                store.seal();
            }
        }
    }

    @Test
    void termsSortInUtf8OrderAcrossSurrogatesAndAreAllFound() throws Exception {
        // U+FF71 (halfwidth katakana) sorts before U+1D49C (a supplementary letter) in UTF-8 but
        // after its surrogates in UTF-16: the dictionary must use the UTF-8 order it searches by.
        String[] words = {"\uFF71", "\uD835\uDC9C", "\uD835\uDC9Cx", "\uFF71\uD835\uDC9C", "é", "z", "q", "日本",
                "\uFFDA", "\uFB01"};
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String word = words[i % words.length];
            records.add(TestRecords.record(0, i, i, "msg", word + " n" + i, "k", i % 2 == 0 ? word : "other"));
        }
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records);
            store.seal();
            for (String word : words) {
                assertEquals(20, total(store, word), word);
                assertEquals(20, total(store, "msg:" + word), word);
                assertEquals(i(word, words) % 2 == 0 ? 20 : 0, total(store, "k:" + word), word);
            }
            for (int i = 0; i < 200; i++) {
                assertEquals(1, total(store, "n" + i));
            }
        }
    }

    private static int i(String word, String[] words) {
        return List.of(words).indexOf(word);
    }

    /** Names, sizes, modification times and contents of every file in the directory. */
    private List<String> snapshot() throws Exception {
        List<String> files = new ArrayList<>();
        try (var stream = Files.list(dir)) {
            for (Path file : stream.sorted().toList()) {
                files.add(file.getFileName() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis()
                        + " " + java.util.Arrays.hashCode(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    @Test
    void openingToSearchLeavesTheDirectoryUntouched() throws Exception {
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(List.of(TestRecords.record(0, 0, 1, "msg", "alpha beta"),
                    TestRecords.record(0, 1, 2, "msg", "beta gamma")));
        }
        assertFalse(Files.exists(dir.resolve(StorageFormat.SEGMENT_FILE)), "a closed store leaves no segment");
        List<String> before = snapshot();
        Thread.sleep(20); // so a rewrite would show in modification times too
        for (int round = 0; round < 2; round++) {
            try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
                assertEquals(2, total(store, "beta"));
                assertEquals(1, store.search(QueryParser.parse("msg:gamma"), Long.MIN_VALUE, Long.MAX_VALUE, 10).hits().size());
                assertEquals(2, store.stats().documents());
                store.sync(); // nothing appended: nothing to write
                assertFalse(Files.exists(dir.resolve(StorageFormat.SEGMENT_FILE)));
            }
        }
        assertEquals(before, snapshot());
    }

    @Test
    void openingToSearchLeavesACrashedSegmentAsItWasUntilTheNextAppend() throws Exception {
        IndexStore crashed = IndexStore.open(dir, TestRecords.SMALL);
        crashed.append(List.of(TestRecords.record(0, 0, 1, "msg", "alpha"), TestRecords.record(0, 1, 2, "msg", "beta")));
        crashed.sync();
        crashed.closeLikeCrash();
        Path segment = dir.resolve(StorageFormat.SEGMENT_FILE);
        byte[] bytes = Files.readAllBytes(segment);
        assertTrue(bytes.length > 8 && bytes.length % StorageFormat.SEGMENT_MIN_BYTES == 0, "mapped size " + bytes.length);
        List<String> before = snapshot();
        Thread.sleep(20);
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(1, total(store, "alpha"));
            assertEquals(2, store.stats().documents());
            assertEquals(0, store.stats().chunks());
        }
        assertEquals(before, snapshot(), "neither sealed, truncated nor zeroed");
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(1, store.append(List.of(TestRecords.record(0, 2, 3, "msg", "gamma"))));
        }
        assertFalse(Files.exists(segment), "the writer sealed everything on close");
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            assertEquals(3, store.stats().documents());
            assertEquals(1, store.stats().chunks());
            assertEquals(1, total(store, "alpha"));
            assertEquals(1, total(store, "gamma"));
        }
    }
}
