package org.observer.search;

import org.observer.api.InvalidRequestException;
import org.observer.logs.LogTimestamps;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads the {@code from}/{@code to} of a search: ISO-8601, epoch millis, {@code 2023/08/12:13:05:10},
 * {@code now}, or {@code now-15m} (units s, m, h, d, w).
 */
public final class TimeExpressions {

    private TimeExpressions() {
    }

    /** Epoch millis, or null if {@code text} is null or blank. */
    public static Long parse(String param, String text, long now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("now")) {
            try {
                return Math.subtractExact(now, relative(param, text, s.substring(3)));
            } catch (ArithmeticException e) {
                throw badRelative(param, text); // further back than a long of milliseconds reaches
            }
        }
        return LogTimestamps.fromText(text).orElseThrow(() -> new InvalidRequestException(
                "parameter '" + param + "' is '" + text + "', which is not a time: use ISO-8601"
                        + " (2025-07-10T12:00:00Z), epoch millis, or now-15m"));
    }

    private static long relative(String param, String text, String rest) {
        if (rest.isEmpty()) {
            return 0;
        }
        if (rest.charAt(0) != '-' || rest.length() < 3) {
            throw badRelative(param, text);
        }
        char unit = rest.charAt(rest.length() - 1);
        String digits = rest.substring(1, rest.length() - 1);
        long n;
        try {
            n = digits.chars().allMatch(Character::isDigit) ? Long.parseLong(digits) : -1;
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw badRelative(param, text);
        }
        Duration d = switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            case 'w' -> Duration.ofDays(Math.multiplyExact(7, n));
            default -> throw badRelative(param, text);
        };
        return d.toMillis();
    }

    private static InvalidRequestException badRelative(String param, String text) {
        return new InvalidRequestException("parameter '" + param + "' is '" + text
                + "': a relative time is now-<number><unit> with unit s, m, h, d or w, e.g. now-15m");
    }
}
