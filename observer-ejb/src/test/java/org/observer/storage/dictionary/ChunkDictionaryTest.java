package org.observer.storage.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteSink;

/**
 * The dictionary read back: every term found with its postings, absent terms not found, and range
 * scans that start and end anywhere (between restart entries, at block edges) take exactly the
 * terms in the range. Terms share long prefixes, as numbers and ids in logs do.
 */
class ChunkDictionaryTest {

    private static final int DOCUMENTS = 1000;
    private static final int SHAPES = 10;
    private static final String ALPHABET = "ab01é";

    private static String randomTerm(Random random) {
        StringBuilder term = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            term.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return term.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Field 1 for every third term; docFreq 1–4, or 70 with positions for every 50th. */
    private static int docFreq(int i) {
        return i % 50 == 0 ? 70 : 1 + i % 4;
    }

    private static ChunkDictionary open(byte[] file) throws Exception {
        return new ChunkDictionary(Path.of("test.dict"), ByteBuffer.wrap(file), DOCUMENTS, SHAPES);
    }

    @ParameterizedTest
    @ValueSource(ints = {StorageFormat.DICT_BLOCK_RAW_BYTES, 600})
    void lookupsAndScansFindExactlyTheirTerms(int blockBytes) throws Exception {
        Random random = new Random(7);
        TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
        while (sorted.size() < 20_000) {
            sorted.add(utf8(randomTerm(random)));
        }
        List<byte[]> terms = new ArrayList<>(sorted);
        ChunkDictionary.Writer writer = new ChunkDictionary.Writer(new String[] {"a", "b"}, DOCUMENTS, 3, null, blockBytes);
        for (int i = 0; i < terms.size(); i++) {
            byte[] term = terms.get(i);
            boolean inB = i % 3 == 0;
            writer.term(term, term.length, inB ? 2 : 1);
            int docFreq = docFreq(i);
            int[] ordinals = new int[docFreq];
            for (int d = 0; d < docFreq; d++) {
                ordinals[d] = (i % 7) + d * 13;
            }
            byte[] positions = new byte[docFreq];
            Arrays.fill(positions, (byte) 5);
            writer.field(0, new int[] {i % SHAPES}, 1, ordinals, docFreq, docFreq >= 64 ? positions : null);
            if (inB) {
                writer.field(1, new int[] {0, 1 + i % (SHAPES - 1)}, 2, ordinals, 1);
            }
        }
        ByteSink out = writer.finish();
        byte[] file = Arrays.copyOf(out.array(), out.size());
        ChunkDictionary shared = open(file);

        for (int i = 0; i < terms.size(); i++) {
            byte[] term = terms.get(i);
            // A block read for the first time is walked from its start; read again, from its restart entries.
            ChunkDictionary dictionary = i % 2 == 0 ? open(file) : shared;
            ChunkDictionary.Refs refs = new ChunkDictionary.Refs();
            assertTrue(dictionary.lookup(term, -1, refs), "term " + i);
            assertEquals(i % 3 == 0 ? 2 : 1, refs.count, "fields of term " + i);
            assertEquals(docFreq(i), refs.docFreqs[0], "docFreq of term " + i);
            assertEquals(i % 7, refs.ordinals[0][0], "first ordinal of term " + i);
            assertEquals(i % SHAPES, refs.shapes[0][0], "shape of term " + i);
            assertEquals(docFreq(i) >= 64, refs.positions[0] != null, "positions of term " + i);
            ChunkDictionary.Refs inB = new ChunkDictionary.Refs();
            assertEquals(i % 3 == 0, dictionary.lookup(term, 1, inB), "field b of term " + i);
            if (i % 3 == 0) {
                assertEquals(1 + i % (SHAPES - 1), inB.shapes[0][1], "shape in b of term " + i);
            }
            // 'z' sorts after every letter of the alphabet; a term plus it is never a term.
            assertFalse(dictionary.lookup(utf8(new String(term, StandardCharsets.UTF_8) + "z"), -1, new ChunkDictionary.Refs()));
        }
        ChunkDictionary dictionary = shared;
        for (int probe = 0; probe < 2000; probe++) {
            byte[] absent = utf8(randomTerm(random));
            assertEquals(sorted.contains(absent), dictionary.lookup(absent, -1, new ChunkDictionary.Refs()));
        }

        for (int scan = 0; scan < 300; scan++) {
            byte[] from = random.nextBoolean() ? terms.get(random.nextInt(terms.size())) : utf8(randomTerm(random));
            byte[] to = random.nextBoolean() ? terms.get(random.nextInt(terms.size())) : utf8(randomTerm(random));
            if (Arrays.compareUnsigned(from, to) > 0) {
                byte[] swap = from;
                from = to;
                to = swap;
            }
            boolean inclusive = random.nextBoolean();
            ChunkDictionary.Refs refs = ChunkDictionary.Refs.withTerms();
            (scan % 2 == 0 ? open(file) : shared).scan(from, to, inclusive, 0, null, refs);
            List<String> expected = new ArrayList<>();
            for (byte[] term : sorted.subSet(from, true, to, inclusive)) {
                expected.add(new String(term, StandardCharsets.UTF_8));
            }
            List<String> found = Arrays.asList(refs.terms).subList(0, refs.count);
            assertEquals(expected, found, "scan " + scan);
        }
        // Open-ended scans, from nothing and from past the end; field b holds every third term.
        for (byte[] from : List.of(new byte[0], terms.get(terms.size() / 2), terms.get(terms.size() - 1), utf8("ééé"))) {
            ChunkDictionary.Refs inB = ChunkDictionary.Refs.withTerms();
            shared.scan(from, null, false, 1, null, inB);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < terms.size(); i++) {
                if (i % 3 == 0 && Arrays.compareUnsigned(terms.get(i), from) >= 0) {
                    expected.add(new String(terms.get(i), StandardCharsets.UTF_8));
                }
            }
            assertEquals(expected, Arrays.asList(inB.terms).subList(0, inB.count), "field b from " + Arrays.toString(from));
        }
        ChunkDictionary.Refs filtered = ChunkDictionary.Refs.withTerms();
        shared.scan(new byte[0], null, false, -1, (term, length) -> length == 12 && term[0] == 'b', filtered);
        long expectedFiltered = terms.stream().filter(t -> t.length == 12 && t[0] == 'b').count();
        assertEquals(expectedFiltered, filtered.count - Arrays.stream(filtered.fields, 0, filtered.count).filter(f -> f == 1).count());
    }

    /**
     * Dictionaries of versions 5 to 7 are still read: the writer's bytes are rewritten into the
     * layout of version 7 (entries whole, not in block sections: {@link OlderDictionaries}), and
     * for 5 and 6 further (the int32 after filtersPosition removed, every table position 4 bytes
     * earlier); every term is found with its postings.
     */
    @org.junit.jupiter.api.Test
    void aDictionaryOfVersion5To7IsReadWithEntriesWholeAndWithoutPrefixes() throws Exception {
        ChunkDictionary.Writer writer = new ChunkDictionary.Writer(new String[] {"a"}, DOCUMENTS, 3, null, 600);
        List<byte[]> terms = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] term = utf8(String.format("%06d", i * 37));
            terms.add(term);
            writer.term(term, term.length, 1);
            writer.field(0, new int[0], 0, new int[] {i % DOCUMENTS}, 1);
        }
        ByteSink out = writer.finish();
        assertEquals(StorageFormat.CHUNK_VERSION, ByteBuffer.wrap(out.array()).getInt(4));
        byte[] current = OlderDictionaries.asVersion7(Arrays.copyOf(out.array(), out.size()), DOCUMENTS);
        ByteBuffer in = ByteBuffer.wrap(current);
        int at = StorageFormat.HEADER_BYTES + 4 + 1 + 1; // field count, one name of one byte
        int blocks = in.getInt(at + 4);
        int prefixesAt = at + 12; // after termCount, blockCount, filtersPosition
        assertEquals(0, in.getInt(prefixesAt), "no filters, no prefixes");
        for (int version : new int[] {5, StorageFormat.PREFIXES_VERSION - 1, StorageFormat.PREFIXES_VERSION}) {
            byte[] older = current;
            if (version < StorageFormat.PREFIXES_VERSION) {
                older = new byte[current.length - 4];
                System.arraycopy(current, 0, older, 0, prefixesAt);
                System.arraycopy(current, prefixesAt + 4, older, prefixesAt, current.length - prefixesAt - 4);
                ByteBuffer old = ByteBuffer.wrap(older);
                old.putInt(4, version);
                for (int b = 0; b < blocks; b++) {
                    int entry = prefixesAt + 16 * b;
                    old.putInt(entry, old.getInt(entry) - 4);
                    old.putInt(entry + 4, old.getInt(entry + 4) - 4);
                }
            }
            ChunkDictionary dictionary = open(older);
            assertEquals(null, dictionary.prefixes());
            assertEquals(null, dictionary.filters());
            for (int i = 0; i < terms.size(); i++) {
                ChunkDictionary.Refs refs = new ChunkDictionary.Refs();
                assertTrue(dictionary.lookup(terms.get(i), 0, refs), "term " + i);
                assertEquals(i % DOCUMENTS, refs.ordinals[0][0]);
            }
            assertFalse(dictionary.lookup(utf8("000001"), -1, new ChunkDictionary.Refs()));
        }
    }
}
