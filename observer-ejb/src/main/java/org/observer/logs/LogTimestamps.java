package org.observer.logs;

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
        long common = commonIso(s);
        return common != NOT_COMMON ? Optional.of(common) : viaJavaTime(s);
    }

    /**
     * The forms other than epoch millis, each through its java.time parser (what every form took
     * before the common one was read by hand).
     */
    static Optional<Long> viaJavaTime(String s) {
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

    private static final long NOT_COMMON = Long.MIN_VALUE;

    /**
     * Epoch millis of the form nearly every log sends, {@code 2025-07-10T12:00:00[.fraction](Z|+HH:MM)},
     * read by hand; {@link #NOT_COMMON} for anything else, which then goes through the parsers
     * above. {@code OffsetDateTime.parse} was a fifth of a bulk request's time on the HTTP thread.
     * Accepts only what {@code OffsetDateTime.parse} accepts, with the same result.
     */
    private static long commonIso(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_COMMON;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return NOT_COMMON;
        }
        int i = 19;
        long nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return NOT_COMMON;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int offsetHours = digits(s, i + 1, 2);
            int offsetMinutes = digits(s, i + 4, 2);
            if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
                return NOT_COMMON;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return NOT_COMMON;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return epochSecond * 1000 + nanos / 1_000_000;
    }

    /** The number written by {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
