package org.observer.index;

import org.observer.api.InvalidRequestException;

import java.nio.charset.StandardCharsets;

/**
 * The rules for index names: lowercase letters, digits, {@code -}, {@code _} and {@code .}; starting
 * with a letter or a digit (so never {@code .} or {@code ..}); at most 255 bytes. A valid name is a
 * safe directory name.
 */
public final class IndexNames {

    public static final int MAX_BYTES = 255;

    private IndexNames() {
    }

    /** Returns the name if valid, else throws an {@link InvalidRequestException} saying why. */
    public static String requireValid(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidRequestException("invalid index name '" + abbreviate(name) + "': " + problem);
        }
        return name;
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** Why the name is not valid, or null if it is. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "it is longer than " + MAX_BYTES + " bytes";
        }
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            return "it must be lowercase";
        }
        char first = name.charAt(0);
        if (!isLowerLetterOrDigit(first)) {
            return "it must start with a lowercase letter or a digit";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLowerLetterOrDigit(c) && c != '-' && c != '_' && c != '.') {
                return "character '" + c + "' at position " + i
                        + " is not allowed (use a-z, 0-9, '-', '_', '.')";
            }
        }
        return null;
    }

    private static boolean isLowerLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String abbreviate(String name) {
        if (name == null) {
            return "";
        }
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }

    /** A name ending in a date: {@code auth-2025-07-10}, {@code logs-2025.07.10}, {@code app_2025-07}. */
    private static final java.util.regex.Pattern DATED =
            java.util.regex.Pattern.compile(".*[-_.](\\d{4})[-.](\\d{2})(?:[-.](\\d{2}))?");

    /**
     * False if {@code name} is time-sharded (ends in a UTC date or month) and that day or month
     * does not overlap [from, to): such an index is skipped by a time-range search without being
     * opened. True for any other name.
     */
    public static boolean mayHoldTimes(String name, long from, long to) {
        java.util.regex.Matcher m = DATED.matcher(name);
        if (!m.matches()) {
            return true;
        }
        try {
            java.time.LocalDate first = java.time.LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
            java.time.LocalDate end = m.group(3) == null ? first.plusMonths(1) : first.plusDays(1);
            long start = first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            long stop = end.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            return start < to && stop > from;
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return true; // digits that are no date (logs-2025-13): not time-sharded
        }
    }
}
