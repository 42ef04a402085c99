package org.observer.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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

    /** Epoch millis of a JSON number holding epoch millis. */
    public static Optional<Long> fromNumber(java.math.BigDecimal number) {
        try {
            return Optional.of(number.longValueExact());
        } catch (ArithmeticException e) {
            // fractional millis: keep the whole part
            return Optional.of(number.longValue());
        }
    }

    /** Epoch millis of a textual time, or empty if the text is in none of the known forms. */
    public static Optional<Long> fromText(String text) {
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
