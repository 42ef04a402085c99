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
        byte[] utf8 = text.strip().getBytes(StandardCharsets.UTF_8);
        return checked(utf8, 0, utf8.length, now, new JsonFields.Checker(maxDepth, maxFields));
    }

    /**
     * {@link #validate(String, long)} of the UTF-8 text at {@code body[from, to)}, a line of a
     * request body, read where it is: no String is made of it, and the log keeps its place in the
     * body. Bytes that are not UTF-8 are refused (as a syntax error: a caller that says so
     * separately checks {@link Utf8#isValid} when it gets a refusal).
     */
    public IncomingLog validate(byte[] body, int from, int to, long now) {
        return validate(body, from, to, now, new JsonFields.Checker(maxDepth, maxFields));
    }

    /**
     * A validator of the lines of one request, one after another on one thread: it keeps its
     * reading state from line to line instead of making it anew for each.
     */
    public Lines forLines() {
        return new Lines();
    }

    /** See {@link #forLines()}; not for sharing between threads. */
    public final class Lines {

        private final JsonFields.Checker checker = new JsonFields.Checker(maxDepth, maxFields);

        private Lines() {
        }

        /** {@link LogValidator#validate(byte[], int, int, long)}. */
        public IncomingLog validate(byte[] body, int from, int to, long now) {
            return LogValidator.this.validate(body, from, to, now, checker);
        }
    }

    private IncomingLog validate(byte[] body, int from, int to, long now, JsonFields.Checker checker) {
        int start = from;
        int end = to;
        while (start < end && isAsciiSpace(body[start])) {
            start++;
        }
        while (end > start && isAsciiSpace(body[end - 1])) {
            end--;
        }
        if (start < end && (body[start] < 0 || body[end - 1] < 0)) {
            // it may start or end with a space beyond ASCII (U+3000), which strip() takes away
            String text = Utf8.isValid(body, start, end) ? new String(body, start, end - start, StandardCharsets.UTF_8) : null;
            if (text == null) {
                throw new InvalidRequestException("the log is not valid UTF-8");
            }
            return validate(text, now);
        }
        if (start == end) {
            throw new InvalidRequestException("the body is empty: send one JSON object");
        }
        return checked(body, start, end - start, now, checker);
    }

    /** Whether {@code b} is one of the ASCII characters {@link String#strip()} takes away (see {@link Character#isWhitespace}). */
    static boolean isAsciiSpace(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
    }

    /** The stripped text at {@code utf8[offset, offset + length)}, checked. */
    private IncomingLog checked(byte[] utf8, int offset, int length, long now, JsonFields.Checker checker) {
        if (length > maxDocumentBytes) {
            throw new PayloadTooLargeException("a log is " + length + " bytes, more than the limit of "
                    + maxDocumentBytes + " bytes (observer.ingest.max-document-bytes)");
        }
        if (utf8[offset] != '{') {
            String other = describe(utf8, offset, length);
            throw new InvalidRequestException(other == null
                    ? "invalid JSON at line 1, column 1: a log is a JSON object, starting with '{'"
                    : "a log must be a JSON object, but the body is " + other);
        }
        TopLevelTimes times;
        try {
            times = checker.check(utf8, offset, offset + length);
        } catch (JsonRefusal e) {
            throw refused(e, utf8, offset);
        }
        return new IncomingLog(utf8, offset, length, times.timestamp(true, now));
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
    private InvalidRequestException refused(JsonRefusal e, byte[] utf8, int offset) {
        String where = location(utf8, offset, e.at());
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
    private static String describe(byte[] utf8, int offset, int length) {
        return switch (utf8[offset]) {
            case '[' -> "an array";
            case '"' -> "a string";
            case 't', 'f' -> is(utf8, offset, length, "true") || is(utf8, offset, length, "false") ? "a boolean" : null;
            case 'n' -> is(utf8, offset, length, "null") ? "null" : null;
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
            default -> null;
        };
    }

    private static boolean is(byte[] utf8, int offset, int length, String word) {
        return length == word.length() && new String(utf8, offset, length, StandardCharsets.ISO_8859_1).equals(word);
    }

    /**
     * "line L, column C" of byte {@code at} of the text starting at {@code offset} (both from 1;
     * columns count characters, not bytes).
     */
    private static String location(byte[] utf8, int offset, int at) {
        int line = 1;
        int column = 1;
        for (int i = offset; i < Math.min(at, utf8.length); i++) {
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
