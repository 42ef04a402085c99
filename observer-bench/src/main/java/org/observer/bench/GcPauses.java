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
 * went over 100 ms, and the heap each pause left in use and held (MicroProfile Metrics only tell
 * the total time, and a heap in use at one moment that is mostly garbage the next young
 * collection frees: what a pause leaves is what the node needs).
 */
final class GcPauses {

    /** {@code [2026-12-07T19:20:01.123+0000] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 512M->120M(1024M) 45.123ms} */
    private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\].*\\bPause\\b.*?([0-9.]+)ms\\s*$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    /** {@code 512M->120M(1024M)}: in use before, after, and the heap's size. */
    private static final Pattern SIZES = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
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
        long afterMb = -1;
        long heldMb = -1;
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
                Matcher sizes = SIZES.matcher(line);
                if (sizes.find()) {
                    afterMb = Math.max(afterMb, Long.parseLong(sizes.group(2)));
                    heldMb = Math.max(heldMb, Long.parseLong(sizes.group(3)));
                }
            }
        }
        if (logs.isEmpty()) {
            return;
        }
        result.put("node_gc_max_pause_ms", longest < 0 ? null : longest);
        result.put("node_gc_pauses_over_100ms", over);
        result.put("node_heap_after_gc_max_mb", afterMb < 0 ? null : afterMb);
        result.put("node_heap_size_max_mb", heldMb < 0 ? null : heldMb);
        System.out.printf(java.util.Locale.ROOT, "GC pauses during the load (every node): longest %.1f ms, %d over %d ms;"
                + " heap in use after a pause at most %d MB, heap size at most %d MB%n",
                Math.max(0, longest), over, LONG_PAUSE_MS, afterMb, heldMb);
    }
}
