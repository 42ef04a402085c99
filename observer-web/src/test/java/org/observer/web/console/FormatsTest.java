package org.observer.web.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatsTest {

    @Test
    void sizesInBinaryUnitsAndUnknownAsADash() {
        assertEquals("512 B", Formats.bytes(512));
        assertEquals("1.5 KB", Formats.bytes(1536));
        assertEquals("12 MB", Formats.bytes(12L << 20));
        assertEquals("–", Formats.bytes(-1));
    }

    @Test
    void offsetRangesShowWhatIsKnown() {
        assertEquals("5–9", Formats.range(5L, 9L));
        assertEquals("9", Formats.range(null, 9L));
        assertEquals("", Formats.range(null, null));
    }

    @Test
    void ratesAndTimes() {
        assertEquals("0.5/s", Formats.rate(0.5));
        assertEquals("1200/s", Formats.rate(1200));
        assertEquals("1970-01-01 00:00:01.000", Formats.time(1000L));
        assertEquals("–", Formats.time(null));
    }
}
