package org.observer.web.console;

import java.text.NumberFormat;
import java.time.Instant;
import java.util.Locale;

/** How the console writes counts, sizes, rates and times: one place, so every view agrees. */
final class Formats {

    private Formats() {
    }

    static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    /** Binary units, one decimal below 10 ("1.5 MB", "12 GB"); negative means unknown. */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "–";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        do {
            value /= 1024;
            unit++;
        } while (value >= 1024 && unit < units.length - 1);
        return String.format(Locale.US, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    static String rate(double perSecond) {
        return String.format(Locale.US, perSecond < 10 ? "%.1f/s" : "%.0f/s", perSecond);
    }

    /** An offset range "5–9", or the one end known; empty when neither is. */
    static String range(Long from, Long to) {
        if (from == null || to == null) {
            Long one = from == null ? to : from;
            return one == null ? "" : String.valueOf(one);
        }
        return from + "–" + to;
    }

    /** Epoch millis as UTC with milliseconds, like the search hits; "–" when null. */
    static String time(Long millis) {
        return millis == null ? "–" : SearchView.TIME.format(Instant.ofEpochMilli(millis));
    }
}
