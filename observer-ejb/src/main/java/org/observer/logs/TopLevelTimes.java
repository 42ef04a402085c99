package org.observer.logs;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The values of a log's top-level time fields ({@link LogTimestamps#FIELDS}) as one pass read them:
 * a string or a number (kept as their place in the bytes read, or as a String for a string with
 * escapes), null, or "no time" for a value that is none (an object, an array, a boolean). A repeated
 * key: the last one counts, as in a parsed object. Nothing is decoded until the time is asked for,
 * and then only the field that names it.
 */
final class TopLevelTimes {

    private static final Object ABSENT = new Object();
    private static final Object NO_TIME = new Object();
    /** A string without escapes, at {@code from..to} of {@code source}. */
    private static final Object TEXT = new Object();
    /** A JSON number's text, at {@code from..to} of {@code source}. */
    private static final Object NUMBER = new Object();

    /** Made when a time field is met: a log is read once, and many name no time. */
    private Object[] values;
    private int[] from;
    private int[] to;
    private byte[] source;
    /** What {@link #find} found. */
    private long found;

    /** @param value a String, null, or anything else for "no time" */
    void set(int field, Object value) {
        if (field >= 0) {
            values()[field] = value == null || value instanceof String ? value : NO_TIME;
        }
    }

    void setText(int field, byte[] in, int start, int end) {
        setPlace(field, TEXT, in, start, end);
    }

    void setNumber(int field, byte[] in, int start, int end) {
        setPlace(field, end - start > LogValidator.MAX_NUMBER_CHARS ? NO_TIME : NUMBER, in, start, end);
    }

    private void setPlace(int field, Object kind, byte[] in, int start, int end) {
        if (field >= 0) {
            values()[field] = kind;
            source = in;
            from[field] = start;
            to[field] = end;
        }
    }

    /**
     * The first field, in {@link LogTimestamps#FIELDS} order, that names a time.
     *
     * @param strict a field that names no readable time is the client's mistake; else it is passed over
     * @throws org.observer.api.InvalidRequestException when strict and a field is no time
     */
    Optional<Long> timestamp(boolean strict) {
        return find(strict) ? Optional.of(found) : Optional.empty();
    }

    /** {@link #timestamp(boolean)} without a box: {@code otherwise} when no field names a time. */
    long timestamp(boolean strict, long otherwise) {
        return find(strict) ? found : otherwise;
    }

    /** Forgets what was read, for the next log. */
    void clear() {
        if (values != null) {
            java.util.Arrays.fill(values, ABSENT);
        }
        source = null;
    }

    private Object[] values() {
        if (values == null) {
            values = new Object[]{ABSENT, ABSENT, ABSENT};
            from = new int[values.length];
            to = new int[values.length];
        }
        return values;
    }

    private boolean find(boolean strict) {
        if (values == null) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == ABSENT || value == null) {
                continue;
            }
            if (read(i)) {
                return true;
            }
            if (strict) {
                throw new org.observer.api.InvalidRequestException("field '" + LogTimestamps.FIELDS[i] + "' is "
                        + shown(i) + ", which is not a time: use ISO-8601 (2025-07-10T12:00:00Z), epoch millis"
                        + " or 2025/07/10:12:00:00");
            }
        }
        return false;
    }

    /** Whether field {@code i} names a time; if so it is {@link #found}. */
    private boolean read(int i) {
        Object value = values[i];
        if (value == TEXT || value == NUMBER) {
            // the common forms straight from the bytes; the others as they were always read
            long millis = value == TEXT ? LogTimestamps.commonFromAscii(source, from[i], to[i])
                    : LogTimestamps.fromDigits(source, from[i], to[i]);
            if (millis != LogTimestamps.NOT_COMMON) {
                found = millis;
                return true;
            }
        }
        Optional<Long> millis;
        if (value == NUMBER) {
            BigDecimal number = number(i);
            millis = number == null ? Optional.empty() : LogTimestamps.fromNumber(number);
        } else {
            millis = value == TEXT || value instanceof String ? LogTimestamps.fromText(text(i)) : Optional.empty();
        }
        millis.ifPresent(time -> found = time);
        return millis.isPresent();
    }

    /** The number at field {@code i}, or null when its exponent is beyond an int (no time). */
    private BigDecimal number(int i) {
        try {
            return new BigDecimal(text(i));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String text(int i) {
        Object value = values[i];
        return value == TEXT || value == NUMBER ? new String(source, from[i], to[i] - from[i], StandardCharsets.UTF_8)
                : value instanceof String s ? s : null;
    }

    private String shown(int i) {
        Object value = values[i];
        String text = value == TEXT || value instanceof String ? "\"" + text(i) + "\""
                : value == NUMBER && number(i) != null ? number(i).toString() : "not a string or a number";
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
