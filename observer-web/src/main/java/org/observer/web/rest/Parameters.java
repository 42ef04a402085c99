package org.observer.web.rest;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.observer.api.InvalidRequestException;

import java.math.BigDecimal;

/**
 * The one place that reads the numbers of requests, from the query string or a JSON body, within
 * the bounds each parameter has: {@code 1e12}, {@code -1}, {@code 99999999999} or 5,000 digits are
 * a 400 naming the parameter and its bounds, never an overflow, a truncation or a long computation.
 */
public final class Parameters {

    /** Longer than any long written in digits (19, and a sign): longer text is refused unread. */
    private static final int MAX_DIGITS = 20;

    private Parameters() {
    }

    /** {@code text} as a whole number from {@code min} to {@code max}; {@code fallback} when absent or blank. */
    public static int wholeNumber(String name, String text, int fallback, int min, int max) {
        return (int) wholeNumber(name, text, (long) fallback, min, max);
    }

    /** As {@link #wholeNumber(String, String, int, int, int)}, for long parameters. */
    public static long wholeNumber(String name, String text, long fallback, long min, long max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.trim();
        if (t.length() > MAX_DIGITS || !t.matches("[-+]?\\d+")) {
            throw outOfBounds(name, t, min, max);
        }
        long value = Long.parseLong(t.startsWith("+") ? t.substring(1) : t); // 20 chars hold at most 19 digits and a sign
        if (value < min || value > max) {
            throw outOfBounds(name, t, min, max);
        }
        return value;
    }

    /** A JSON value (a number, or a string holding one) as a whole number within bounds; {@code fallback} when absent or null. */
    public static int wholeNumber(String name, JsonValue value, int fallback, int min, int max) {
        return (int) wholeNumber(name, value, (long) fallback, min, max);
    }

    /** As {@link #wholeNumber(String, JsonValue, int, int, int)}, for long parameters. */
    public static long wholeNumber(String name, JsonValue value, long fallback, long min, long max) {
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (value instanceof JsonString s) {
            return wholeNumber(name, s.getString(), fallback, min, max);
        }
        if (!(value instanceof JsonNumber n)) {
            throw outOfBounds(name, value.toString(), min, max);
        }
        // decided from precision and scale, so that 1e999999 is never expanded into its digits
        BigDecimal number = n.bigDecimalValue();
        if (number.signum() != 0 && (long) number.precision() - number.scale() > 19) {
            throw outOfBounds(name, shown(number), min, max);
        }
        try {
            long whole = number.longValueExact();
            if (whole >= min && whole <= max) {
                return whole;
            }
        } catch (ArithmeticException e) {
            // a fraction, or beyond a long: reported below
        }
        throw outOfBounds(name, shown(number), min, max);
    }

    private static InvalidRequestException outOfBounds(String name, String value, long min, long max) {
        String shown = value.length() <= 40 ? value : value.substring(0, 40) + "…(" + value.length() + " characters)";
        return new InvalidRequestException("parameter '" + name + "' is '" + shown + "': use a whole number from "
                + min + " to " + max);
    }

    private static String shown(BigDecimal number) {
        return number.precision() <= 40 ? number.toString() : number.round(new java.math.MathContext(5)) + " (" + number.precision()
                + " digits)";
    }
}
