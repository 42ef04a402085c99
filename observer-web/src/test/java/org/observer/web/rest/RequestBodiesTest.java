package org.observer.web.rest;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;
import org.observer.api.PayloadTooLargeException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBodiesTest {

    @Test
    void decodesUtf8StrictlyButKeepsAClientsOwnReplacementCharacter() {
        String text = "{\"m\":\"é 日本 😀\",\"r\":\"\uFFFD\"}";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text, RequestBodies.read(new ByteArrayInputStream(utf8), utf8.length, 1 << 20));
        assertEquals(text, RequestBodies.read(new ByteArrayInputStream(utf8), -1, 1 << 20), "without a declared length");
        byte[] broken = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, '"', '}'}; // half of a two-byte character
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> RequestBodies.read(new ByteArrayInputStream(broken), broken.length, 1 << 20));
        assertTrue(refused.getMessage().contains("not valid UTF-8"), refused.getMessage());
    }

    @Test
    void refusesABodyOverTheLimitWhetherDeclaredOrNot() {
        byte[] body = new byte[100];
        assertThrows(PayloadTooLargeException.class, () -> RequestBodies.readBytes(new ByteArrayInputStream(body), 100, 99));
        assertThrows(PayloadTooLargeException.class, () -> RequestBodies.readBytes(new ByteArrayInputStream(body), -1, 99));
        assertEquals(100, RequestBodies.readBytes(new ByteArrayInputStream(body), -1, 100).length);
    }
}
