package org.observer.logs;

import org.observer.api.InvalidRequestException;
import org.observer.api.PayloadTooLargeException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a request body into an {@link IncomingLog}: it must be one JSON object, within the size,
 * depth and field limits, with a readable time if it names one. The original text is kept as it
 * is, so the stored document is exactly what the client sent. Reads the UTF-8 bytes that go to
 * Kafka once, with the processor's own reader ({@link JsonFields}): no tree is built and the limits
 * are checked as it reads, so a hostile log costs its length and no more; and what it accepts the
 * processor reads the same way. (A JSON-P parser per line cost a tenth of the HTTP threads' time.)
 */
public final class LogValidator {

    /** Longest number, in characters (Jackson's default too); numbers this long are no log's. */
    public static final int MAX_NUMBER_CHARS = 1_000;
    /**
     * Deepest nesting a limit may allow (the JSON-P parser that checked logs before refused 1,000,
     * and the processor reads no deeper).
     */
    public static final int MAX_CONFIGURABLE_DEPTH = 999;
    public static final int DEFAULT_MAX_DEPTH = 100;
    public static final int DEFAULT_MAX_FIELDS = 1_000;

    private final int maxDocumentBytes;
    private final int maxDepth;
    private final int maxFields;

    public LogValidator(int maxDocumentBytes) {
        this(maxDocumentBytes, DEFAULT_MAX_DEPTH, DEFAULT_MAX_FIELDS);
    }

    /**
     * @param maxDepth  deepest nesting of objects and arrays (the log itself is depth 1)
     * @param maxFields most object members in one log, nested ones counted
     */
    public LogValidator(int maxDocumentBytes, int maxDepth, int maxFields) {
        if (maxDepth < 1 || maxDepth > MAX_CONFIGURABLE_DEPTH) {
            throw new IllegalArgumentException("max depth " + maxDepth + ": from 1 to " + MAX_CONFIGURABLE_DEPTH);
        }
        this.maxDocumentBytes = maxDocumentBytes;
        this.maxDepth = maxDepth;
        this.maxFields = maxFields;
    }

    /** @param now the ingest time, used when the log names no time */
    public IncomingLog validate(String text, long now) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("the body is empty: send one JSON object");
        }
        String json = text.strip();
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxDocumentBytes) {
            throw new PayloadTooLargeException("a log is " + utf8.length + " bytes, more than the limit of "
                    + maxDocumentBytes + " bytes (observer.ingest.max-document-bytes)");
        }
        if (utf8[0] != '{') {
            String other = describe(json);
            throw new InvalidRequestException(other == null
                    ? "invalid JSON at line 1, column 1: a log is a JSON object, starting with '{'"
                    : "a log must be a JSON object, but the body is " + other);
        }
        TopLevelTimes times;
        try {
            times = JsonFields.check(utf8, maxDepth, maxFields);
        } catch (JsonRefusal e) {
            throw refused(e, utf8);
        }
        return new IncomingLog(json, utf8, times.timestamp(true).orElse(now));
    }

    /**
     * The time a JSON log names ({@code @timestamp}, {@code timestamp} or {@code time}), for a
     * record another Kafka producer wrote without this node's time header; empty if it names
     * none, or none readable, or is not JSON.
     */
    public static Optional<Long> timeOf(byte[] json) {
        try {
            return Optional.ofNullable(JsonFields.indexedWithTime(json).time());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The client's error for what the reader refused, placed by line and column. */
    private InvalidRequestException refused(JsonRefusal e, byte[] utf8) {
        String where = location(utf8, e.at());
        return new InvalidRequestException(switch (e.kind()) {
            case SYNTAX -> "invalid JSON at " + where + ": " + e.detail();
            case TRAILING -> "invalid JSON: unexpected content after the object at " + where
                    + "; send one object per request, or NDJSON to _bulk";
            case DEPTH -> "the log nests objects and arrays more than " + maxDepth + " deep at " + where
                    + " (observer.ingest.max-depth)";
            case FIELDS -> "the log has more than " + maxFields + " fields, nested ones counted (observer.ingest.max-fields)";
            case NUMBER_LENGTH -> "a number of " + e.detail().length() + " characters at " + where
                    + ": numbers may have at most " + MAX_NUMBER_CHARS;
            case NUMBER_RANGE -> "the number " + (e.detail().length() <= 40 ? e.detail() : e.detail().substring(0, 40) + "…")
                    + " at " + where + " is beyond a double (from ±4.9e-324 to ±1.8e308): no field can hold it";
            case LONE_SURROGATE -> "a string at " + where + " holds a lone surrogate (\\u" + e.detail()
                    + "), which is not a character: escape whole pairs only";
        });
    }

    /** What a body that is not an object holds, when it is another JSON value; null when it is not JSON. */
    private static String describe(String json) {
        return switch (json.charAt(0)) {
            case '[' -> "an array";
            case '"' -> "a string";
            case 't', 'f' -> json.equals("true") || json.equals("false") ? "a boolean" : null;
            case 'n' -> json.equals("null") ? "null" : null;
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
            default -> null;
        };
    }

    /** "line L, column C" of byte {@code at} (both from 1; columns count characters, not bytes). */
    private static String location(byte[] utf8, int at) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(at, utf8.length); i++) {
            if (utf8[i] == '\n') {
                line++;
                column = 1;
            } else if ((utf8[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }
}
