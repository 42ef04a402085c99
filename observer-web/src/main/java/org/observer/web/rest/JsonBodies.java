package org.observer.web.rest;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.observer.api.InvalidRequestException;
import org.observer.logs.LogValidator;

import java.io.StringReader;
import java.util.Map;

/**
 * Reads the JSON of request bodies (search bodies, Elasticsearch requests, templates) with the
 * limits a client can be told about: nesting at most {@value #MAX_DEPTH} deep, numbers of at most
 * {@value LogValidator#MAX_NUMBER_CHARS} characters. Whatever the parser refuses the text with
 * (its own exceptions differ by version: a {@code JsonException}, a bare {@code RuntimeException}
 * for depth, an {@code UnsupportedOperationException} for a long number) is the client's mistake.
 */
public final class JsonBodies {

    /** Deeper than any search body needs (a bool in a bool is three levels); Parsson's own limit is 1000. */
    public static final int MAX_DEPTH = 200;

    /** Parsson's names for its limits (org.eclipse.parsson.api.JsonConfig), understood since 1.1.5. */
    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of(
            "org.eclipse.parsson.maxDepth", MAX_DEPTH + 1, // Parsson refuses a depth equal to its limit
            "org.eclipse.parsson.maxBigDecimalLength", LogValidator.MAX_NUMBER_CHARS));

    private JsonBodies() {
    }

    /** {@code text} as one JSON object; else a 400 saying that {@code what} is not one, and why. */
    public static JsonObject object(String text, String what) {
        JsonValue value = value(text, what);
        if (!(value instanceof JsonObject object)) {
            throw new InvalidRequestException(what + " must be a JSON object, not " + value.getValueType().toString().toLowerCase());
        }
        return object;
    }

    /** {@code text} as one JSON value; else a 400 saying that {@code what} is not JSON, and why. */
    public static JsonValue value(String text, String what) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (RuntimeException e) { // the parser's verdict on the client's text, whatever its type
            throw new InvalidRequestException(what + " is not valid JSON: " + reason(e));
        }
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() <= 300 ? message : message.substring(0, 300) + "…";
    }
}
