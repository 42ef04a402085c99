package org.observer.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.observer.analysis.FieldValue;

/**
 * One log line to store: where it came from (Kafka partition, offset of the record that carried
 * it, its line among that record's logs: together they identify the document), its time (epoch
 * millis), its original JSON object as UTF-8 (returned byte-identical) and the flattened fields to
 * index. The JSON may be a slice of a larger array (a group's record holds many logs back to
 * back): the processor keeps it there rather than copying each line out.
 */
public final class LogRecord {

    private final int partition;
    private final long offset;
    private final int line;
    private final long timestamp;
    private final byte[] sourceArray;
    private final int sourceFrom;
    private final int sourceLength;
    private final List<FieldValue> fields;

    /** The log whose JSON is {@code array[from, from + length)}. */
    public LogRecord(int partition, long offset, int line, long timestamp, byte[] array, int from, int length,
                     List<FieldValue> fields) {
        Objects.requireNonNull(array, "source");
        Objects.checkFromIndexSize(from, length, array.length);
        this.fields = Objects.requireNonNull(fields, "fields");
        LogSequence.of(offset, line); // checks both
        this.partition = partition;
        this.offset = offset;
        this.line = line;
        this.timestamp = timestamp;
        this.sourceArray = array;
        this.sourceFrom = from;
        this.sourceLength = length;
    }

    public LogRecord(int partition, long offset, int line, long timestamp, byte[] source, List<FieldValue> fields) {
        this(partition, offset, line, timestamp, Objects.requireNonNull(source, "source"), 0, source.length, fields);
    }

    /** A record's only log. */
    public LogRecord(int partition, long offset, long timestamp, byte[] source, List<FieldValue> fields) {
        this(partition, offset, 0, timestamp, source, fields);
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public int line() {
        return line;
    }

    public long timestamp() {
        return timestamp;
    }

    /** The JSON as its own array (a copy when it is a slice: the hot path reads {@link #sourceArray()}). */
    public byte[] source() {
        return sourceFrom == 0 && sourceLength == sourceArray.length ? sourceArray
                : Arrays.copyOfRange(sourceArray, sourceFrom, sourceFrom + sourceLength);
    }

    /** The array holding the JSON at {@link #sourceFrom()} for {@link #sourceLength()} bytes. */
    public byte[] sourceArray() {
        return sourceArray;
    }

    public int sourceFrom() {
        return sourceFrom;
    }

    public int sourceLength() {
        return sourceLength;
    }

    public List<FieldValue> fields() {
        return fields;
    }

    /** The {@link LogSequence} replays are skipped by. */
    public long sequence() {
        return LogSequence.of(offset, line);
    }
}
