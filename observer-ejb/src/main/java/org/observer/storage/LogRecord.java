package org.observer.storage;

import java.util.List;
import java.util.Objects;

import org.observer.analysis.FieldValue;

/**
 * One log line to store.
 *
 * @param partition Kafka partition; with {@code offset} it identifies the document ({@code partition-offset})
 * @param offset    Kafka offset, used to skip replays
 * @param timestamp epoch millis
 * @param source    the original JSON object as UTF-8; returned byte-identical
 * @param fields    the flattened fields to index
 */
public record LogRecord(int partition, long offset, long timestamp, byte[] source, List<FieldValue> fields) {
    public LogRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fields, "fields");
    }
}
