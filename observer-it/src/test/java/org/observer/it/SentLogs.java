package org.observer.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The oracle: every log the test sent, and what the cluster answered for it. A log answered 202 is
 * <em>acknowledged</em> and must be found exactly once; a log with any other answer, or none, is
 * <em>unanswered</em> and may be found at most once (it may have reached Kafka). Each log carries a
 * unique {@code "line":"L<n>"}, a {@code source} (the loghub system its message comes from) and a
 * time on its index's day. Thread-safe: a background writer and the test share it.
 */
final class SentLogs {

    private static final String[] SYSTEMS = {"HDFS", "OpenSSH", "Apache", "Zookeeper"};
    /** The day of an index without a date in its name. */
    private static final LocalDate DEFAULT_DAY = LocalDate.of(2025, 7, 10);

    /** A request's worth of logs for one index: lines first..first+count-1. */
    record Batch(String index, int first, int count, String ndjson) {
    }

    private final Map<String, List<String>> corpus = new HashMap<>();
    private final Map<String, Set<Integer>> acknowledged = new HashMap<>();
    private final Map<String, Set<Integer>> unanswered = new HashMap<>();
    private final Map<String, Set<Integer>> partitions = new HashMap<>();
    private int next;

    SentLogs() throws IOException {
        for (String system : SYSTEMS) {
            corpus.put(system, Loghub.lines(system, 2000));
        }
    }

    /** The next {@code count} logs for {@code index}, as NDJSON. */
    synchronized Batch next(String index, int count) {
        int first = next;
        next += count;
        LocalDate day = dayOf(index);
        StringBuilder out = new StringBuilder(count * 220);
        for (int line = first; line < first + count; line++) {
            String system = systemOf(line);
            List<String> lines = corpus.get(system);
            Instant time = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(line % 86_400);
            out.append("{\"@timestamp\":\"").append(time).append("\",\"message\":")
                    .append(Loghub.quote(lines.get(line % lines.size())))
                    .append(",\"source\":\"").append(system.toLowerCase(Locale.ROOT))
                    .append("\",\"line\":\"L").append(line).append("\"}\n");
        }
        return new Batch(index, first, count, out.toString());
    }

    /** Records what a {@code _bulk} request answered for each of its lines. */
    synchronized void answered(Batch batch, Http.Answer answer) {
        if (answer.status() != 202 && answer.status() != 207) {
            unanswered(batch);
            return;
        }
        JsonObject json;
        try {
            json = answer.json();
        } catch (RuntimeException notJson) {
            unanswered(batch);
            return;
        }
        JsonArray items = json.getJsonArray("items");
        if (items == null) {
            unanswered(batch); // an answer that does not say which line went where proves nothing
            return;
        }
        for (JsonObject item : items.getValuesAs(JsonObject.class)) {
            int line = batch.first() + item.getInt("line") - 1;
            if (item.getInt("status") == 202) {
                acknowledged.computeIfAbsent(batch.index(), i -> new HashSet<>()).add(line);
                if (item.containsKey("partition")) {
                    partitions.computeIfAbsent(batch.index(), i -> new TreeSet<>()).add(item.getInt("partition"));
                }
            } else {
                unanswered.computeIfAbsent(batch.index(), i -> new HashSet<>()).add(line);
            }
        }
    }

    /** No answer at all (the connection failed or timed out): every line may or may not be stored. */
    synchronized void unanswered(Batch batch) {
        Set<Integer> lines = unanswered.computeIfAbsent(batch.index(), i -> new HashSet<>());
        for (int line = batch.first(); line < batch.first() + batch.count(); line++) {
            lines.add(line);
        }
    }

    synchronized long acknowledged(String index) {
        return acknowledged.getOrDefault(index, Set.of()).size();
    }

    /** Acknowledged plus unanswered: the most a search may ever count. */
    synchronized long sent(String index) {
        return acknowledged(index) + unanswered.getOrDefault(index, Set.of()).size();
    }

    synchronized long acknowledged(Collection<String> indexes) {
        return indexes.stream().mapToLong(this::acknowledged).sum();
    }

    synchronized long sent(Collection<String> indexes) {
        return indexes.stream().mapToLong(this::sent).sum();
    }

    synchronized long unanswered() {
        return unanswered.values().stream().mapToLong(Set::size).sum();
    }

    synchronized Set<Integer> acknowledgedLines(Collection<String> indexes) {
        Set<Integer> lines = new HashSet<>();
        indexes.forEach(index -> lines.addAll(acknowledged.getOrDefault(index, Set.of())));
        return lines;
    }

    synchronized Set<Integer> unansweredLines(Collection<String> indexes) {
        Set<Integer> lines = new HashSet<>();
        indexes.forEach(index -> lines.addAll(unanswered.getOrDefault(index, Set.of())));
        return lines;
    }

    /** The partitions the {@code _bulk} answers named for the index's acknowledged logs. */
    synchronized Set<Integer> partitions(String index) {
        return new TreeSet<>(partitions.getOrDefault(index, Set.of()));
    }

    /** Acknowledged logs of these indexes per source ({@code hdfs}, {@code openssh}, ...). */
    synchronized Map<String, Long> acknowledgedBySource(Collection<String> indexes) {
        Map<String, Long> counts = new TreeMap<>();
        for (int line : acknowledgedLines(indexes)) {
            counts.merge(systemOf(line).toLowerCase(Locale.ROOT), 1L, Long::sum);
        }
        return counts;
    }

    /** Acknowledged logs of these indexes per day. */
    synchronized Map<LocalDate, Long> acknowledgedByDay(Collection<String> indexes) {
        Map<LocalDate, Long> counts = new TreeMap<>();
        indexes.forEach(index -> counts.merge(dayOf(index), acknowledged(index), Long::sum));
        return counts;
    }

    synchronized List<String> indexes() {
        Set<String> names = new TreeSet<>(acknowledged.keySet());
        names.addAll(unanswered.keySet());
        return new ArrayList<>(names);
    }

    /** An index named {@code <prefix>-yyyy-MM-dd} holds logs of that day; others of a fixed day. */
    static LocalDate dayOf(String index) {
        if (index.matches(".*-\\d{4}-\\d{2}-\\d{2}")) {
            return LocalDate.parse(index.substring(index.length() - 10));
        }
        return DEFAULT_DAY;
    }

    private static String systemOf(int line) {
        return SYSTEMS[line % SYSTEMS.length];
    }
}
