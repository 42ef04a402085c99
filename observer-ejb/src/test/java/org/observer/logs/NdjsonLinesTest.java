package org.observer.logs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NdjsonLinesTest {

    @Test
    void splitsAtNewlinesDroppingACarriageReturnBeforeThem() {
        NdjsonLines lines = NdjsonLines.split(utf8("{\"a\":1}\r\n{\"b\":\"é\"}\n\n{\"c\":\r}"));
        assertEquals(List.of("{\"a\":1}", "{\"b\":\"é\"}", "", "{\"c\":\r}"), texts(lines));
        assertEquals(List.of(""), texts(NdjsonLines.split(new byte[0])));
        assertEquals(List.of("x", ""), texts(NdjsonLines.split(utf8("x\n"))), "a last newline ends a line and opens an empty one");
    }

    @Test
    void aLineIsBlankAsItsTextIsAndOneThatIsNotUtf8IsNot() {
        byte[] notUtf8 = {' ', (byte) 0xFF, ' '};
        byte[] body = concat(utf8(" \t\u000B\f\u001F\n\u3000 \u2028\n\u00A0\nx\n"), notUtf8);
        NdjsonLines lines = NdjsonLines.split(body);
        assertTrue(lines.isBlank(0), "ASCII white space");
        assertTrue(lines.isBlank(1), "white space beyond ASCII");
        assertFalse(lines.isBlank(2), "a no-break space is no white space to String.isBlank");
        assertFalse(lines.isBlank(3));
        assertFalse(lines.isBlank(4), "bytes that are not UTF-8");
        assertFalse(lines.isUtf8(4));
        assertTrue(lines.isUtf8(1));
        assertFalse(lines.allBlank());
        assertTrue(NdjsonLines.split(utf8("\n \r\n\u3000\n")).allBlank());
    }

    private static List<String> texts(NdjsonLines lines) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < lines.count(); i++) {
            texts.add(new String(lines.body(), lines.from(i), lines.to(i) - lines.from(i), StandardCharsets.UTF_8));
        }
        return texts;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
