package org.observer.api;

import java.util.List;
import java.util.Map;

/**
 * One matching log: {@code source} is the original JSON object exactly as it was ingested;
 * {@code highlight} says, per field, where the query matched (empty unless asked for).
 */
public record SearchHit(String index, String id, long timestamp, String source, Map<String, List<Highlight>> highlight) {

    public SearchHit {
        highlight = highlight == null ? Map.of() : highlight;
    }

    public SearchHit(String index, String id, long timestamp, String source) {
        this(index, id, timestamp, source, Map.of());
    }

    /**
     * A match in the {@code value}-th value of a field (0 unless the field is an array), from char
     * {@code start} (inclusive) to {@code end} (exclusive) of that value.
     */
    public record Highlight(int value, int start, int end) {
    }
}
