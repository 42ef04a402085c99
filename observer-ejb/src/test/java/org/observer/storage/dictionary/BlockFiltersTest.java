package org.observer.storage.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import org.observer.storage.io.ByteSink;

class BlockFiltersTest {

    @Test
    void onlyNumbersAndHexIdsQualify() {
        assertTrue(BlockFilters.qualifies("40007"));
        assertTrue(BlockFilters.qualifies("3fa9c0"));
        assertFalse(BlockFilters.qualifies("cafe"), "no digit");
        assertFalse(BlockFilters.qualifies("blk1"), "not hex");
        assertFalse(BlockFilters.qualifies(""));
        assertTrue(BlockFilters.mayPrefix("4a"));
        assertTrue(BlockFilters.mayPrefix(""));
        assertFalse(BlockFilters.mayPrefix("fai"));
    }

    @Test
    void hotChunksFilterOnlyTermsStartingWithADigitSoLetterPrefixesNeverReadBack() {
        assertTrue(BlockFilters.qualifiesHot("40007"));
        assertTrue(BlockFilters.qualifiesHot("3fa9c0"));
        assertFalse(BlockFilters.qualifiesHot("a3fa9c0"), "a hex id starting with a letter");
        assertFalse(BlockFilters.qualifiesHot(""));
        assertTrue(BlockFilters.qualifies("a3fa9c0", true));
        assertFalse(BlockFilters.qualifies("a3fa9c0", false));
        assertFalse(BlockFilters.mayPrefix("adde", false), "a prefix query such as adde* reads no hot record back");
        assertTrue(BlockFilters.mayPrefix("adde", true));
        assertTrue(BlockFilters.mayPrefix("4a", false));
        assertTrue(BlockFilters.mayPrefix("", false));
    }

    @Test
    void aFilterHoldsEveryKeyAndFewOthers() {
        int keys = 5000;
        long[][] hashes = new long[2][keys];
        for (int i = 0; i < keys; i++) {
            hashes[0][i] = BlockFilters.hash(Integer.toString(i));
            hashes[1][i] = BlockFilters.hash(Integer.toHexString(i * 7919 + 100_000));
        }
        ByteSink out = BlockFilters.section(new int[] {2, 5}, hashes, new int[] {keys, 10});
        ByteBuffer buffer = ByteBuffer.allocate(out.size() + 100);
        buffer.position(100);
        buffer.put(out.array(), 0, out.size());
        BlockFilters.Section section = new BlockFilters.Section(buffer, 100);
        assertEquals(2, section.count());
        assertTrue(section.filters(5));
        assertFalse(section.filters(3));
        int falsePositives = 0;
        for (int i = 0; i < keys; i++) {
            assertTrue(section.mayContain(0, BlockFilters.hash(Integer.toString(i))), "key " + i);
            if (section.mayContain(0, BlockFilters.hash(Integer.toString(i + keys)))) {
                falsePositives++;
            }
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(section.mayContain(1, hashes[1][i]));
        }
        // 10 bits and 7 probes per key: about 0.8% false positives
        assertTrue(falsePositives < keys * 0.02, falsePositives + " false positives of " + keys);
    }
}
