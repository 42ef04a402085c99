package org.observer.logs;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8Test {

    /** Every one- and two-byte sequence, three-byte ones after each kind of lead, and four-byte ones around each boundary, as the JDK's strict decoder says. */
    @Test
    void agreesWithTheJdksStrictDecoder() {
        for (int a = 0; a < 256; a++) {
            assertAgrees(new byte[]{(byte) a});
            for (int b = 0; b < 256; b++) {
                assertAgrees(new byte[]{(byte) a, (byte) b});
                if (a == 0xE0 || a == 0xE1 || a == 0xED || a == 0xEE || a == 0xEF || a == 0xC3 || a == 0x41) {
                    for (int c = 0; c < 256; c++) {
                        assertAgrees(new byte[]{(byte) a, (byte) b, (byte) c});
                    }
                }
            }
        }
        int[] edges = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xF4, 0xFF};
        for (int a = 0xF0; a <= 0xFF; a++) {
            for (int b : edges) {
                for (int c : edges) {
                    for (int d : edges) {
                        assertAgrees(new byte[]{(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
    }

    @Test
    void checksOnlyTheRangeItIsGiven() {
        byte[] text = "x😀é日".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.isValid(text, 0, text.length));
        assertFalse(Utf8.isValid(text, 0, 3), "half of the emoji");
        assertFalse(Utf8.isValid(text, 2, text.length), "from the middle of the emoji");
        assertTrue(Utf8.isValid(text, 5, 7), "the é alone");
        assertTrue(Utf8.isValid(text, 3, 3), "nothing is UTF-8");
    }

    private static void assertAgrees(byte[] bytes) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        assertEquals(jdk, Utf8.isValid(bytes, 0, bytes.length), () -> java.util.HexFormat.of().formatHex(bytes));
    }
}
