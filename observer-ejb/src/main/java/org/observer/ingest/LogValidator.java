package org.observer.ingest;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import org.observer.api.InvalidRequestException;
import org.observer.api.PayloadTooLargeException;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a request body into an {@link IncomingLog}: it must be one JSON object, within the size
 * limit, with a readable time if it names one. The original text is kept as it is, so the stored
 * document is exactly what the client sent.
 */
public final class LogValidator {

    private final int maxDocumentBytes;

    public LogValidator(int maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** @param now the ingest time, used when the log names no time */
    public IncomingLog validate(String text, long now) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("the body is empty: send one JSON object");
        }
        int bytes = text.length() > maxDocumentBytes / 3 ? text.getBytes(StandardCharsets.UTF_8).length : text.length();
        if (bytes > maxDocumentBytes) {
            throw new PayloadTooLargeException("a log is " + bytes + " bytes, more than the limit of "
                    + maxDocumentBytes + " bytes (observer.ingest.max-document-bytes)");
        }
        JsonObject object = parseObject(text);
        return new IncomingLog(text.strip(), timestamp(object, true).orElse(now));
    }

    /**
     * The time a JSON log names ({@code @timestamp}, {@code timestamp} or {@code time}), for a
     * record another Kafka producer wrote without this node's time header; empty if it names
     * none, or none readable, or is not a JSON object.
     */
    static Optional<Long> timeOf(byte[] json) {
        try (JsonParser parser = JsonParsers.FACTORY.createParser(new java.io.ByteArrayInputStream(json))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return Optional.empty();
            }
            return timestamp(parser.getObject().asJsonObject(), false);
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    private static JsonObject parseObject(String text) {
        JsonValue value;
        try (JsonParser parser = JsonParsers.FACTORY.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new InvalidRequestException("the body is empty: send one JSON object");
            }
            JsonParser.Event first = parser.next();
            if (first != JsonParser.Event.START_OBJECT) {
                throw new InvalidRequestException("a log must be a JSON object, but the body is "
                        + describe(first));
            }
            value = parser.getObject();
            boolean trailing;
            try {
                trailing = parser.hasNext();
            } catch (JsonParsingException e) {
                trailing = true; // Parsson reports content after the object as a parse error
            }
            if (trailing) {
                throw new InvalidRequestException("invalid JSON: unexpected content after the object at "
                        + location(parser) + "; send one object per request, or NDJSON to _bulk");
            }
        } catch (JsonParsingException e) {
            throw new InvalidRequestException("invalid JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ": " + e.getMessage());
        } catch (JsonException e) {
            throw new InvalidRequestException("invalid JSON: " + e.getMessage());
        }
        return value.asJsonObject();
    }

    /** {@code strict}: a field that names no readable time is the client's mistake; else it is passed over. */
    private static Optional<Long> timestamp(JsonObject object, boolean strict) {
        for (String field : LogTimestamps.FIELDS) {
            JsonValue value = object.get(field);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                continue;
            }
            Optional<Long> millis = switch (value.getValueType()) {
                case NUMBER -> LogTimestamps.fromNumber(((JsonNumber) value).bigDecimalValue());
                case STRING -> LogTimestamps.fromText(((JsonString) value).getString());
                default -> Optional.empty();
            };
            if (millis.isEmpty() && !strict) {
                continue;
            }
            if (millis.isEmpty()) {
                throw new InvalidRequestException("field '" + field + "' is " + value
                        + ", which is not a time: use ISO-8601 (2025-07-10T12:00:00Z), epoch millis"
                        + " or 2025/07/10:12:00:00");
            }
            return millis;
        }
        return Optional.empty();
    }

    private static String describe(JsonParser.Event event) {
        return switch (event) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> event.toString();
        };
    }

    private static String location(JsonParser parser) {
        return "line " + parser.getLocation().getLineNumber() + ", column " + parser.getLocation().getColumnNumber();
    }
}
