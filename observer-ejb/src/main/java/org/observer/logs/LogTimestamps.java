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

    private static final byte[][] FIELD_BYTES = {
            FIELDS[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            FIELDS[1].getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            FIELDS[2].getBytes(java.nio.charset.StandardCharsets.US_ASCII)};

    /** {@link #fieldIndex(String)} of a name's UTF-8 bytes (without escapes) at {@code from..to}. */
    static int fieldIndex(byte[] name, int from, int to) {
        int length = to - from;
        if (length != 10 && length != 9 && length != 4) {
            return -1; // most names: no comparison at all
        }
        for (int i = 0; i < FIELD_BYTES.length; i++) {
            if (java.util.Arrays.equals(FIELD_BYTES[i], 0, FIELD_BYTES[i].length, name, from, to)) {
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
        byte[] latin1 = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); // other characters fail the form as '?'
        long common = commonIso(latin1, 0, latin1.length);
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

    /** Said by the readers of common forms for anything else. */
    static final long NOT_COMMON = Long.MIN_VALUE;

    /**
     * Epoch millis of a JSON string's ASCII bytes (without escapes) in the forms nearly every log
     * sends, epoch millis of up to 18 digits or {@code 2025-07-10T12:00:00[.fraction](Z|+HH:MM)},
     * with the same result as {@link #fromText}; {@link #NOT_COMMON} for anything else (which
     * {@link #fromText} then reads). No String is made: this ran for every posted line.
     */
    static long commonFromAscii(byte[] b, int from, int to) {
        if (from == to || b[from] <= ' ' || b[to - 1] <= ' ') {
            return NOT_COMMON; // empty, or text to trim first
        }
        long millis = fromDigits(b, from, to);
        return millis != NOT_COMMON ? millis : commonIso(b, from, to);
    }

    /**
     * The value of {@code -?[0-9]{1,18}} (which always fits a long), else {@link #NOT_COMMON}: a
     * JSON number of epoch millis, or the same as a string.
     */
    static long fromDigits(byte[] b, int from, int to) {
        int start = from < to && b[from] == '-' ? from + 1 : from;
        if (start == to || to - start > 18) {
            return NOT_COMMON;
        }
        long value = 0;
        for (int i = start; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return NOT_COMMON;
            }
            value = value * 10 + (b[i] - '0');
        }
        return start > from ? -value : value;
    }

    /**
     * Epoch millis of the form nearly every log sends, {@code 2025-07-10T12:00:00[.fraction](Z|+HH:MM)},
     * read by hand; {@link #NOT_COMMON} for anything else, which then goes through the parsers
     * above. {@code OffsetDateTime.parse} was a fifth of a bulk request's time on the HTTP thread.
     * Accepts only what {@code OffsetDateTime.parse} accepts, with the same result.
     */
    private static long commonIso(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20 || at(b, from, 4) != '-' || at(b, from, 7) != '-' || at(b, from, 10) != 'T' || at(b, from, 13) != ':'
                || at(b, from, 16) != ':') {
            return NOT_COMMON;
        }
        int year = digits(b, from + 0, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > daysIn(year, month)) {
            return NOT_COMMON;
        }
        int i = 19;
        long nanos = 0;
        if (i < n && at(b, from, i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && at(b, from, i) >= '0' && at(b, from, i) <= '9') {
                nanos = nanos * 10 + (at(b, from, i++) - '0');
            }
            if (i == start) {
                return NOT_COMMON;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && at(b, from, i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (at(b, from, i) == '+' || at(b, from, i) == '-') && at(b, from, i + 3) == ':') {
            int offsetHours = digits(b, from + i + 1, 2);
            int offsetMinutes = digits(b, from + i + 4, 2);
            if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
                return NOT_COMMON;
            }
            offsetSeconds = (at(b, from, i) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return NOT_COMMON;
        }
        long epochSecond = epochDay(year, month, day) * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSecond * 1000 + nanos / 1_000_000;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int daysIn(int year, int month) {
        return month == 2 ? (isLeap(year) ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /**
     * {@code LocalDate.of(year, month, day).toEpochDay()} of a valid date of a year from 0 to 9999,
     * computed as it does without making the date (its checks were a tenth of reading a time).
     */
    private static long epochDay(int year, int month, int day) {
        long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400 + (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= isLeap(year) ? 1 : 2;
        }
        return total - 719_528; // days from 0000-01-01 to 1970-01-01
    }

    /** The number written by {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The character at {@code i} of the text at {@code from} (a byte: what is not ASCII fails every check). */
    private static char at(byte[] b, int from, int i) {
        return (char) (b[from + i] & 0xFF);
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
