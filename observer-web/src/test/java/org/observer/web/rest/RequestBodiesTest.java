package org.observer.web.rest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestBodiesTest {

    @Test
    void splitsLinesAndDecodesEachAlone() {
        byte[] ascii = "{\"a\":1}\r\n{\"b\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] utf8 = "{\"m\":\"é 日本 😀\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] broken = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'}; // half of a two-byte character
        byte[] ownReplacement = "{\"r\":\"\uFFFD\"}\n".getBytes(StandardCharsets.UTF_8); // sent as it is: valid
        byte[] body = concat(ascii, utf8, broken, ownReplacement, "{\"c\":true}".getBytes(StandardCharsets.UTF_8));
        List<String> lines = RequestBodies.readLines(new ByteArrayInputStream(body), body.length, 1 << 20);
        assertEquals(Arrays.asList("{\"a\":1}", "{\"b\":\"x\"}", "{\"m\":\"é 日本 😀\"}", null, "{\"r\":\"\uFFFD\"}",
                "{\"c\":true}"), lines);
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
