package org.observer.logs;

import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import org.observer.api.InvalidRequestException;
import org.observer.api.PayloadTooLargeException;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a request body into an {@link IncomingLog}: it must be one JSON object, within the size,
 * depth and field limits, with a readable time if it names one. The original text is kept as it
 * is, so the stored document is exactly what the client sent. Streams the object (no tree is
 * built), so a hostile log costs its length and no more: the limits are checked as it is read.
 */
public final class LogValidator {

    /**
     * Longest number, in characters (Jackson's default too). Parsson refuses to read a longer one
     * as a value only when asked to, with an exception of its own; numbers this long are no log's.
     */
    public static final int MAX_NUMBER_CHARS = 1_000;
    /**
     * Deepest nesting a limit may allow: Parsson itself refuses a depth of 1000 (its default) with a
     * bare RuntimeException, so ours must be met first.
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
        int bytes = text.length() > maxDocumentBytes / 3 ? text.getBytes(StandardCharsets.UTF_8).length : text.length();
        if (bytes > maxDocumentBytes) {
            throw new PayloadTooLargeException("a log is " + bytes + " bytes, more than the limit of "
                    + maxDocumentBytes + " bytes (observer.ingest.max-document-bytes)");
        }
        TimeFields times = scan(text, maxDepth, maxFields);
        return new IncomingLog(text.strip(), times.timestamp(true).orElse(now));
    }

    /**
     * The time a JSON log names ({@code @timestamp}, {@code timestamp} or {@code time}), for a
     * record another Kafka producer wrote without this node's time header; empty if it names
     * none, or none readable, or is not a JSON object within the default limits.
     */
    public static Optional<Long> timeOf(byte[] json) {
        try {
            return scan(new String(json, StandardCharsets.UTF_8), DEFAULT_MAX_DEPTH, Integer.MAX_VALUE).timestamp(false);
        } catch (InvalidRequestException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            // Parsson's limits: nesting deeper than 1,000, numbers longer than 1,100 characters
            return Optional.empty();
        }
    }

    /** Reads the whole object, checking every limit, and keeps its top-level time fields. */
    private static TimeFields scan(String text, int maxDepth, int maxFields) {
        TimeFields times = new TimeFields();
        try (JsonParser parser = JsonParsers.FACTORY.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new InvalidRequestException("the body is empty: send one JSON object");
            }
            JsonParser.Event first = parser.next();
            if (first != JsonParser.Event.START_OBJECT) {
                throw new InvalidRequestException("a log must be a JSON object, but the body is " + describe(first));
            }
            int depth = 1;
            int fields = 0;
            int timeField = -1; // the time field whose value comes next, at the top level
            while (depth > 0) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > maxDepth) {
                            throw new InvalidRequestException("the log nests objects and arrays more than " + maxDepth
                                    + " deep at " + location(parser) + " (observer.ingest.max-depth)");
                        }
                        times.set(timeField, Boolean.TRUE); // an object or an array is no time
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> {
                        if (++fields > maxFields) {
                            throw new InvalidRequestException("the log has more than " + maxFields
                                    + " fields, nested ones counted (observer.ingest.max-fields)");
                        }
                        String key = checkedString(parser, "a field name");
                        timeField = depth == 1 ? LogTimestamps.fieldIndex(key) : -1;
                        continue;
                    }
                    case VALUE_STRING -> times.set(timeField, checkedString(parser, "a string"));
                    case VALUE_NUMBER -> {
                        String number = parser.getString();
                        if (number.length() > MAX_NUMBER_CHARS) {
                            throw new InvalidRequestException("a number of " + number.length() + " characters at "
                                    + location(parser) + ": numbers may have at most " + MAX_NUMBER_CHARS);
                        }
                        if (!fitsADouble(number)) {
                            throw new InvalidRequestException("the number " + (number.length() <= 40 ? number
                                    : number.substring(0, 40) + "…") + " at " + location(parser)
                                    + " is beyond a double (from ±4.9e-324 to ±1.8e308): no field can hold it");
                        }
                        if (timeField >= 0) {
                            try {
                                times.set(timeField, new BigDecimal(number));
                            } catch (NumberFormatException e) {
                                times.set(timeField, Boolean.TRUE); // an exponent beyond int: no time
                            }
                        }
                    }
                    case VALUE_NULL -> times.set(timeField, null);
                    default -> times.set(timeField, Boolean.TRUE); // true or false: no time
                }
                timeField = -1;
            }
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
        } catch (JsonException | java.util.NoSuchElementException e) {
            throw new InvalidRequestException("invalid JSON: " + e.getMessage());
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            // Parsson reports its limits as plain RuntimeExceptions: nesting deeper than 1,000 (then
            // a RuntimeException), numbers longer than 1,100 characters (UnsupportedOperationException)
            throw new InvalidRequestException("invalid JSON: " + e.getMessage());
        }
        return times;
    }

    /**
     * True if the JSON number is within a double's range, neither infinite nor a non-zero that
     * rounds to zero ({@code 1e999999}, {@code 1e-999999}); parsed only when it could not be
     * (over 300 characters, or with an exponent).
     */
    private static boolean fitsADouble(String number) {
        int exponent = Math.max(number.indexOf('e'), number.indexOf('E'));
        if (number.length() <= 300 && exponent < 0) {
            return true;
        }
        double value = Double.parseDouble(number);
        if (Double.isInfinite(value)) {
            return false;
        }
        if (value == 0) {
            String mantissa = exponent < 0 ? number : number.substring(0, exponent);
            return mantissa.chars().noneMatch(c -> c >= '1' && c <= '9');
        }
        return true;
    }

    /**
     * A string of the log, refused if it holds half of a surrogate pair alone (a JSON escape such as
     * backslash-ud800): it has no UTF-8 form, so it could not be stored or searched as it was sent.
     */
    private static String checkedString(JsonParser parser, String what) {
        String s = parser.getString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidRequestException(what + " at " + location(parser) + " holds a lone surrogate (\\u"
                            + Integer.toHexString(c) + "), which is not a character: escape whole pairs only");
                }
            }
        }
        return s;
    }

    /** The top-level values of the time fields ({@link LogTimestamps#FIELDS}), as read. */
    private static final class TimeFields {

        private static final Object ABSENT = new Object();
        private final Object[] values = {ABSENT, ABSENT, ABSENT};

        void set(int field, Object value) {
            if (field >= 0) {
                values[field] = value; // a repeated key: the last one counts, as in a parsed object
            }
        }

        /** {@code strict}: a field that names no readable time is the client's mistake; else it is passed over. */
        Optional<Long> timestamp(boolean strict) {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                if (value == ABSENT || value == null) {
                    continue;
                }
                Optional<Long> millis = value instanceof BigDecimal number ? LogTimestamps.fromNumber(number)
                        : value instanceof String text ? LogTimestamps.fromText(text) : Optional.empty();
                if (millis.isEmpty() && !strict) {
                    continue;
                }
                if (millis.isEmpty()) {
                    throw new InvalidRequestException("field '" + LogTimestamps.FIELDS[i] + "' is " + shown(value)
                            + ", which is not a time: use ISO-8601 (2025-07-10T12:00:00Z), epoch millis"
                            + " or 2025/07/10:12:00:00");
                }
                return millis;
            }
            return Optional.empty();
        }

        private static String shown(Object value) {
            String text = value instanceof String s ? "\"" + s + "\"" : value instanceof BigDecimal n ? n.toString()
                    : "not a string or a number";
            return text.length() <= 80 ? text : text.substring(0, 80) + "…";
        }
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
