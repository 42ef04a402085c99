package org.observer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The nodes' garbage collection pauses, from the unified GC logs the launched nodes write
 * ({@code -Xlog:gc:file=<data>/gc-<pid>.log:time}): the longest pause during the load and how many
 * went over 100 ms. MicroProfile Metrics only tell the total time.
 */
final class GcPauses {

    /** {@code [2026-12-07T19:20:01.123+0000] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 512M->120M(1024M) 45.123ms} */
    private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\].*\\bPause\\b.*?([0-9.]+)ms\\s*$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    static final long LONG_PAUSE_MS = 100;

    private GcPauses() {
    }

    /** The JVM option that makes a node write the log read here, into {@code dir}. */
    static String option(Path dir) {
        return "-Xlog:gc:file=" + dir.resolve("gc-%p.log") + ":time";
    }

    /** Puts the longest pause and the count over {@value #LONG_PAUSE_MS} ms between the two times into {@code result}. */
    static void read(Path dir, long fromMillis, long toMillis, Map<String, Object> result) throws IOException {
        double longest = -1;
        int over = 0;
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(f -> f.getFileName().toString().matches("gc-\\d+\\.log")).toList();
        }
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                long at = OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
                if (at < fromMillis || at > toMillis) {
                    continue;
                }
                double ms = Double.parseDouble(m.group(2));
                longest = Math.max(longest, ms);
                if (ms > LONG_PAUSE_MS) {
                    over++;
                }
            }
        }
        if (logs.isEmpty()) {
            return;
        }
        result.put("node_gc_max_pause_ms", longest < 0 ? null : longest);
        result.put("node_gc_pauses_over_100ms", over);
        System.out.printf(java.util.Locale.ROOT, "GC pauses during the load (every node): longest %.1f ms, %d over %d ms%n",
                Math.max(0, longest), over, LONG_PAUSE_MS);
    }
}
