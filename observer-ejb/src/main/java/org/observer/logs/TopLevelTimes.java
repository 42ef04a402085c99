package org.observer.logs;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The values of a log's top-level time fields ({@link LogTimestamps#FIELDS}) as one pass read them:
 * a string, a number's text, null, or {@link Boolean#TRUE} for a value that is no time (an object,
 * an array, a boolean). A repeated key: the last one counts, as in a parsed object.
 */
final class TopLevelTimes {

    private static final Object ABSENT = new Object();
    private final Object[] values = {ABSENT, ABSENT, ABSENT};

    void set(int field, Object value) {
        if (field >= 0) {
            values[field] = value;
        }
    }

    void setNumber(int field, String number) {
        if (field >= 0 && number.length() > LogValidator.MAX_NUMBER_CHARS) {
            values[field] = Boolean.TRUE; // no time is written with a thousand digits
        } else if (field >= 0) {
            try {
                values[field] = new BigDecimal(number);
            } catch (NumberFormatException e) {
                values[field] = Boolean.TRUE; // an exponent beyond int: no time
            }
        }
    }

    /**
     * The first field, in {@link LogTimestamps#FIELDS} order, that names a time.
     *
     * @param strict a field that names no readable time is the client's mistake; else it is passed over
     * @throws org.observer.api.InvalidRequestException when strict and a field is no time
     */
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
                throw new org.observer.api.InvalidRequestException("field '" + LogTimestamps.FIELDS[i] + "' is "
                        + shown(value) + ", which is not a time: use ISO-8601 (2025-07-10T12:00:00Z), epoch millis"
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
