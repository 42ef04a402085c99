package org.observer.storage;

import java.util.List;
import java.util.Objects;

import org.observer.analysis.FieldValue;

/**
 * One log line to store.
 *
 * @param partition Kafka partition; with {@code offset} and {@code line} it identifies the document
 * @param offset    Kafka offset of the record that carried it
 * @param line      its place among the logs of that record (0 for a record of one log)
 * @param timestamp epoch millis
 * @param source    the original JSON object as UTF-8; returned byte-identical
 * @param fields    the flattened fields to index
 */
public record LogRecord(int partition, long offset, int line, long timestamp, byte[] source, List<FieldValue> fields) {
    public LogRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fields, "fields");
        LogSequence.of(offset, line); // checks both
    }

    /** A record's only log. */
    public LogRecord(int partition, long offset, long timestamp, byte[] source, List<FieldValue> fields) {
        this(partition, offset, 0, timestamp, source, fields);
    }

    /** The {@link LogSequence} replays are skipped by. */
    public long sequence() {
        return LogSequence.of(offset, line);
    }
}
