package org.observer.web.rest;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonBodiesTest {

    @Test
    void readsAnObjectWithinTheLimits() {
        String deep = "{\"a\":" + "[".repeat(JsonBodies.MAX_DEPTH - 1) + "]".repeat(JsonBodies.MAX_DEPTH - 1) + "}";
        assertEquals(1, JsonBodies.object(deep, "the body").size());
    }

    @Test
    void whateverTheParserRefusesIsAClientError() {
        String[] hostile = {"", "{", "[1]", "{\"a\":" + "[".repeat(100_000), "{\"a\":" + "[".repeat(JsonBodies.MAX_DEPTH)
                + "]".repeat(JsonBodies.MAX_DEPTH) + "}", "{\"n\":" + "9".repeat(5_000) + "}", "{\"a\":NaN}", "{'a':1}"};
        for (String text : hostile) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> JsonBodies.object(text, "the body"),
                    text.length() > 40 ? text.substring(0, 40) : text);
            assertTrue(e.getMessage().startsWith("the body "), e.getMessage());
        }
    }
}
