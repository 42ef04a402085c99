package org.observer.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageIdWindowTest {

    private static byte[] id(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void secondDeliveryOfAnIdIsARepeat() {
        MessageIdWindow window = new MessageIdWindow(-1);
        assertFalse(window.isRepeat(id("ID:1"), 0));
        assertFalse(window.isRepeat(id("ID:2"), 1));
        assertTrue(window.isRepeat(id("ID:1"), 2));
        assertTrue(window.isRepeat(id("ID:1"), 7), "every later delivery too");
    }

    @Test
    void sameRecordReadAgainIsNoRepeat() {
        MessageIdWindow window = new MessageIdWindow(-1);
        assertFalse(window.isRepeat(id("ID:1"), 5));
        assertFalse(window.isRepeat(id("ID:1"), 5), "a processor resuming from its checkpoint reads offset 5 again");
        assertTrue(window.isRepeat(id("ID:1"), 6));
    }

    @Test
    void idsOlderThanTheSpanAreForgotten() {
        MessageIdWindow window = new MessageIdWindow(-1);
        assertFalse(window.isRepeat(id("ID:1"), 0));
        assertTrue(window.isRepeat(id("ID:1"), MessageIdWindow.SPAN));
        assertFalse(window.isRepeat(id("ID:1"), MessageIdWindow.SPAN + 1), "offset 0 is out of the span");
    }

    @Test
    void coversOnlyContiguousOffsets() {
        MessageIdWindow window = new MessageIdWindow(9);
        assertTrue(window.covers(10));
        assertFalse(window.covers(12), "offset 11 was never looked at: the window must be read again");
        window.passed(11);
        assertTrue(window.covers(12));
        assertTrue(window.covers(3), "offsets read again");
    }

    @Test
    void aSkippedRepeatStillCountsAsLookedAt() {
        MessageIdWindow window = new MessageIdWindow(-1);
        assertFalse(window.isRepeat(id("ID:1"), 0));
        assertTrue(window.isRepeat(id("ID:1"), 1));
        assertTrue(window.covers(2), "no need to read offsets 0..1 again");
    }
}
