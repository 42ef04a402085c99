package org.observer.web.console;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The time ranges offered by the search form; {@code key} is how a range appears in the URL. */
enum TimeRange {
    LAST_15_MINUTES("15m", "Last 15 minutes", Duration.ofMinutes(15)),
    LAST_HOUR("1h", "Last hour", Duration.ofHours(1)),
    LAST_24_HOURS("24h", "Last 24 hours", Duration.ofHours(24)),
    LAST_7_DAYS("7d", "Last 7 days", Duration.ofDays(7)),
    ALL("all", "All time", null),
    CUSTOM("custom", "Custom range…", null);

    final String key;
    final String label;
    /** How far back from now the range starts; null for ALL and CUSTOM. */
    final Duration span;

    TimeRange(String key, String label, Duration span) {
        this.key = key;
        this.label = label;
        this.span = span;
    }

    static Optional<TimeRange> byKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }
}
