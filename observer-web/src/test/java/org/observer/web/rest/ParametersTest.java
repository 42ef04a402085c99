package org.observer.web.rest;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParametersTest {

    @Test
    void readsWholeNumbersWithinBoundsFromText() {
        assertEquals(10, Parameters.wholeNumber("size", (String) null, 10, 0, 100));
        assertEquals(10, Parameters.wholeNumber("size", " ", 10, 0, 100));
        assertEquals(42, Parameters.wholeNumber("size", " 42 ", 10, 0, 100));
        assertEquals(7, Parameters.wholeNumber("size", "+7", 10, 0, 100));
        for (String absurd : new String[]{"1e12", "-1", "101", "99999999999", "9".repeat(5_000), "1.5", "abc", "0x10", "\u0000"}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> Parameters.wholeNumber("size", absurd, 10, 0, 100), absurd);
            assertTrue(e.getMessage().startsWith("parameter 'size' is '") && e.getMessage().endsWith("from 0 to 100"), e.getMessage());
        }
    }

    @Test
    void readsWholeNumbersWithinBoundsFromJson() {
        JsonObject body = Json.createReader(new StringReader("{\"a\":12,\"b\":\"13\",\"c\":1.0e1,\"big\":1e999999,"
                + "\"neg\":-1,\"frac\":1.5,\"long\":99999999999,\"text\":true}")).readObject();
        assertEquals(12, Parameters.wholeNumber("a", body.get("a"), 0, 0, 100));
        assertEquals(13, Parameters.wholeNumber("b", body.get("b"), 0, 0, 100));
        assertEquals(10, Parameters.wholeNumber("c", body.get("c"), 0, 0, 100));
        assertEquals(5, Parameters.wholeNumber("absent", body.get("absent"), 5, 0, 100));
        for (String key : new String[]{"big", "neg", "frac", "long", "text"}) {
            assertThrows(InvalidRequestException.class, () -> Parameters.wholeNumber(key, body.get(key), 0, 0, 100), key);
        }
        assertEquals(99_999_999_999L, Parameters.wholeNumber("long", body.get("long"), 0L, 0, Long.MAX_VALUE));
    }
}
