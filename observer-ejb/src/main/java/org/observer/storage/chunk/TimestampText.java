package org.observer.storage.chunk;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The ISO-8601 text of a document's timestamp, as most sources carry it
 * ({@code 2025-07-10T10:00:00.123Z} or, for a whole second, {@code 2025-07-10T10:00:00Z}).
 * A sealed record stores its source without that text when it holds it, and where it was cut:
 * the timestamp column already holds the value, so the text costs nothing on disk.
 */
final class TimestampText {

    static final int MILLIS = 0;
    static final int SECONDS = 1;

    private TimestampText() {
    }

    /** Writes the text of {@code form} into {@code out} (24 bytes for millis, 20 for seconds); returns the length. */
    static int render(long epochMillis, int form, byte[] out) {
        long second = Math.floorDiv(epochMillis, 1000L);
        int n = renderSecond(second, out);
        if (n < 0) {
            return -1;
        }
        if (form == MILLIS) {
            out[n++] = '.';
            n = digits(out, n, (int) Math.floorMod(epochMillis, 1000L), 3);
        }
        out[n++] = 'Z';
        return n;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} of an epoch second into out[0..19); -1 outside years 0..9999. */
    private static int renderSecond(long second, byte[] out) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return -1;
        }
        int n = digits(out, 0, year, 4);
        out[n++] = '-';
        n = digits(out, n, t.getMonthValue(), 2);
        out[n++] = '-';
        n = digits(out, n, t.getDayOfMonth(), 2);
        out[n++] = 'T';
        n = digits(out, n, t.getHour(), 2);
        out[n++] = ':';
        n = digits(out, n, t.getMinute(), 2);
        out[n++] = ':';
        return digits(out, n, t.getSecond(), 2);
    }

    /**
     * Finds timestamp texts for one writer: sealed documents come in time order, so the date and
     * time of the previous document's second are usually the ones needed again.
     */
    static final class Finder {
        private final byte[] text = new byte[24];
        private long second = Long.MIN_VALUE;
        private long day = Long.MIN_VALUE;
        private boolean valid;

        /**
         * Where {@code source[0..length)} holds the text of {@code epochMillis}:
         * {@code (position << 1 | form) + 1}, or 0 if it holds neither form.
         */
        int find(byte[] source, int length, long epochMillis) {
            long s = Math.floorDiv(epochMillis, 1000L);
            if (s != second) {
                second = s;
                long d = Math.floorDiv(s, 86_400L);
                if (d != day) {
                    day = d;
                    valid = renderSecond(s, text) > 0;
                } else if (valid) {
                    // Same day: only the time of day changes (no calendar arithmetic, no allocation).
                    int secondOfDay = (int) Math.floorMod(s, 86_400L);
                    digits(text, 11, secondOfDay / 3600, 2);
                    digits(text, 14, secondOfDay / 60 % 60, 2);
                    digits(text, 17, secondOfDay % 60, 2);
                }
            }
            if (!valid) {
                return 0;
            }
            int millis = (int) Math.floorMod(epochMillis, 1000L);
            text[19] = '.';
            digits(text, 20, millis, 3);
            text[23] = 'Z';
            int at = indexOf(source, length, text, 24);
            if (at >= 0) {
                return (at << 1 | MILLIS) + 1;
            }
            if (millis == 0) {
                text[19] = 'Z';
                at = indexOf(source, length, text, 20);
                if (at >= 0) {
                    return (at << 1 | SECONDS) + 1;
                }
            }
            return 0;
        }
    }

    private static int digits(byte[] out, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static int indexOf(byte[] source, int length, byte[] text, int n) {
        byte first = text[0];
        outer:
        for (int i = 0; i <= length - n; i++) {
            if (source[i] != first) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                if (source[i + j] != text[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
