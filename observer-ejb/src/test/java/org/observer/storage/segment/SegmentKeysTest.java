package org.observer.storage.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.observer.storage.dictionary.GapPositions;

class SegmentKeysTest {

    /** Terms sharing long prefixes, numbers, and code points of 1 to 4 UTF-8 bytes (including surrogate pairs). */
    private static String randomTerm(Random random) {
        String[] prefixes = {"", "blk_-1608", "blk_-16089", "connection", "é", "\uD83D\uDE00", "\uFFFD"};
        StringBuilder sb = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> sb.append((char) ('0' + random.nextInt(10)));
                case 1 -> sb.append("é");
                case 2 -> sb.append("\uD83D\uDE00");
                case 3 -> sb.append('\uE000');
                default -> sb.append((char) ('a' + random.nextInt(3)));
            }
        }
        return sb.toString();
    }

    @Test
    void termsAreFoundInTheirFieldsAndSortInUtf8ByteOrder() {
        Random random = new Random(7);
        SegmentKeys keys = new SegmentKeys();
        Map<String, Map<Integer, Integer>> expected = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String term = i == 0 ? "blk_-16089a7" : randomTerm(random);
            int field = random.nextInt(3);
            int head = keys.head(term);
            int key = keys.inField(head, field);
            if (key == SegmentKeys.NONE) {
                key = keys.add(head, term, term.hashCode(), field);
            }
            keys.addIfNotLast(key, i);
            Integer before = expected.computeIfAbsent(term, t -> new HashMap<>()).put(field, key);
            if (before != null) {
                assertEquals(before.intValue(), key, term);
            }
        }
        // ASCII text is found from the text itself, whatever its case.
        int mixed = keys.head("x BLK_-16089A7 y", 2, 14, SegmentKeys.hash("x BLK_-16089A7 y", 2, 14));
        assertNotEquals(SegmentKeys.NONE, mixed);
        assertEquals(keys.head("blk_-16089a7"), mixed);

        List<String> terms = new ArrayList<>(expected.keySet());
        terms.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        int[] sorted = SegmentKeys.sortedTerms(keys);
        assertEquals(terms.size(), sorted.length);
        for (int i = 0; i < sorted.length; i++) {
            String term = terms.get(i);
            assertEquals(term, keys.term(sorted[i]), "position " + i);
            int chain = 0;
            for (int key = sorted[i]; key != SegmentKeys.NONE; key = keys.next(key)) {
                assertEquals(expected.get(term).get(keys.field(key)).intValue(), key, term);
                chain++;
            }
            assertEquals(expected.get(term).size(), chain, term);
            assertEquals(term.chars().anyMatch(Character::isDigit), keys.explicit(sorted[i]), term);
        }
        assertEquals(SegmentKeys.NONE, keys.head("never added"));
    }

    @Test
    void asciiTokensAreStoredLowercasedAndListTheirDocumentsOnce() {
        SegmentKeys keys = new SegmentKeys();
        String text = "Port 8080 PORT 8080";
        int head = keys.head(text, 5, 9, SegmentKeys.hash(text, 5, 9));
        assertEquals(SegmentKeys.NONE, head);
        int key = keys.add(head, text, 5, 9, SegmentKeys.hash(text, 5, 9), 0);
        keys.addIfNotLast(key, 3, 1);
        keys.addIfNotLast(key, 3, 4); // twice in document 3: its gap becomes unknown
        keys.addIfNotLast(key, 9, 2);
        assertArrayEquals(new int[] {3, 9}, Arrays.copyOf(keys.docs(key), keys.size(key)));
        assertArrayEquals(new byte[] {GapPositions.UNKNOWN, GapPositions.of(2)}, Arrays.copyOf(keys.positions(key), 2));

        int port = keys.add(SegmentKeys.NONE, text, 0, 4, SegmentKeys.hash(text, 0, 4), 0);
        assertEquals("port", keys.term(port));
        assertEquals(port, keys.head(text, 10, 14, SegmentKeys.hash(text, 10, 14)));
        assertNotEquals(port, key);
        keys.addShapeIfNotLast(port, 1);
        keys.addShapeIfNotLast(port, 1);
        keys.addShapeIfNotLast(port, 4);
        assertArrayEquals(new int[] {1, 4}, Arrays.copyOf(keys.shapes(port), keys.shapeCount(port)));
    }
}
