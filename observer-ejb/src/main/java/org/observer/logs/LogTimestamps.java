package org.observer.logs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.observer.logs.LogTimestamps;

/**
 * Reads a log's time from the text of its {@code @timestamp}, {@code timestamp} or {@code time}
 * field: ISO-8601 (with or without offset; without one it is UTC), a date alone, epoch millis, or
 * the {@code 2023/08/12:13:05:10} form.
 */
public final class LogTimestamps {

    /** The fields looked at, in order of preference. */
    public static final String[] FIELDS = {"@timestamp", "timestamp", "time"};

    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/MM/dd:HH:mm:ss");

    private LogTimestamps() {
    }

    /** The position of {@code field} in {@link #FIELDS}, or -1 if it is not a time field. */
    static int fieldIndex(String field) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Epoch millis of a JSON number holding epoch millis (fractional millis keep their whole part);
     * empty if it is beyond a long. Decided from precision and scale first: {@code 1e999999} would
     * otherwise be expanded into a million digits.
     */
    public static Optional<Long> fromNumber(java.math.BigDecimal number) {
        if (number.signum() == 0) {
            return Optional.of(0L);
        }
        long integerDigits = (long) number.precision() - number.scale();
        if (integerDigits > 19) {
            return Optional.empty();
        }
        if (integerDigits <= 0) {
            return Optional.of(0L); // only a fraction of a millisecond
        }
        try {
            return Optional.of(number.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Epoch millis of a textual time, or empty if the text is in none of the known forms or beyond a long of millis. */
    public static Optional<Long> fromText(String text) {
        try {
            return parseText(text);
        } catch (ArithmeticException e) {
            return Optional.empty(); // a year such as +999999999: a valid date, but no epoch millis
        }
    }

    private static Optional<Long> parseText(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (isDigits(s)) {
            try {
                return Optional.of(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant().toEpochMilli());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(Instant.parse(s).toEpochMilli());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDateTime.parse(s, SLASHED).toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }

    private static boolean isDigits(String s) {
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
