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

    /** Eight bytes at a time finds the first newline wherever it is, among bytes that differ from it by one bit. */
    @Test
    void findsTheFirstNewlineAsAByteAtATimeWould() {
        java.util.Random random = new java.util.Random(21);
        byte[] alphabet = {'\n', 0x0B, 0x08, (byte) 0x8A, 0x1A, 0x4A, 0x0A | 0x40, 0, (byte) 0xFF, 'x', 0x09};
        for (int round = 0; round < 20_000; round++) {
            byte[] body = new byte[random.nextInt(40)];
            for (int i = 0; i < body.length; i++) {
                body[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            int from = body.length == 0 ? 0 : random.nextInt(body.length + 1);
            int expected = -1;
            for (int i = from; i < body.length; i++) {
                if (body[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, ByteScan.newline(body, from), java.util.HexFormat.of().formatHex(body) + " from " + from);
        }
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
