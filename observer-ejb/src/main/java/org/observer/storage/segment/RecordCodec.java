package org.observer.storage.segment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.observer.analysis.FieldValue;
import org.observer.storage.LogRecord;
import org.observer.storage.LogSequence;
import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;

/**
 * The active segment's record payload (see {@link StorageFormat}): Kafka offset and line, source, fields; a
 * field value found in the source is stored as its position there, not again.
 */
public final class RecordCodec {

    private RecordCodec() {
    }


    /** Field values are looked up in sources up to this size only (a naive search must stay cheap). */
    private static final int MAX_SEARCHED_SOURCE = 64 << 10;

    public static void encode(LogRecord record, ByteSink out) {
        out.writeVInt(record.partition());
        out.writeZLong(record.offset());
        out.writeVInt(record.line());
        out.writeZLong(record.timestamp());
        byte[] source = record.source();
        out.writeLengthPrefixed(source);
        out.writeVInt(record.fields().size());
        int from = 0;
        for (FieldValue field : record.fields()) {
            out.writeLengthPrefixed(field.name().getBytes(StandardCharsets.UTF_8));
            byte[] value = field.value().getBytes(StandardCharsets.UTF_8);
            // Most values are the source's own bytes (a JSON string without escapes): point at them.
            int at = value.length == 0 || source.length > MAX_SEARCHED_SOURCE ? -1 : indexOf(source, value, from);
            if (at < 0 && from > 0 && value.length > 0 && source.length <= MAX_SEARCHED_SOURCE) {
                at = indexOf(source, value, 0);
            }
            if (at >= 0) {
                out.writeVInt(at + 1);
                out.writeVInt(value.length);
                from = at + value.length;
            } else {
                out.writeVInt(0);
                out.writeLengthPrefixed(value);
            }
        }
    }

    private static int indexOf(byte[] source, byte[] value, int from) {
        byte first = value[0];
        int last = source.length - value.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (source[i] != first) {
                continue;
            }
            for (int j = 1; j < value.length; j++) {
                if (source[i + j] != value[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** @param version the segment's format version (before 3, no line: 0) */
    static LogRecord decode(ByteBuffer buffer, int position, int version) {
        ByteCursor in = new ByteCursor(buffer, position);
        int partition = in.readVInt();
        long offset = in.readZLong();
        int line = version >= StorageFormat.SEGMENT_LINES_VERSION ? in.readVInt() : 0;
        if (!LogSequence.isValid(offset, line)) {
            throw new IllegalStateException("no log at offset " + offset + ", line " + line);
        }
        long timestamp = in.readZLong();
        byte[] source = in.readLengthPrefixed();
        int count = in.readVInt();
        if (count < 0) {
            throw new IllegalStateException("field count " + count);
        }
        List<FieldValue> fields = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            String name = new String(in.readLengthPrefixed(), StandardCharsets.UTF_8);
            int at = in.readVInt();
            String value;
            if (at == 0) {
                value = new String(in.readLengthPrefixed(), StandardCharsets.UTF_8);
            } else {
                int length = in.readVInt();
                if (at - 1 + (long) length > source.length) {
                    throw new IllegalStateException("field value outside its source");
                }
                value = new String(source, at - 1, length, StandardCharsets.UTF_8);
            }
            fields.add(new FieldValue(name, value));
        }
        return new LogRecord(partition, offset, line, timestamp, source, fields);
    }

    /** Position of the source's length prefix in a payload (after partition, offset, line, timestamp). */
    static int sourcePosition(ByteBuffer buffer, int position, int version) {
        ByteCursor in = new ByteCursor(buffer, position);
        in.readVInt();
        in.readVLong();
        if (version >= StorageFormat.SEGMENT_LINES_VERSION) {
            in.readVInt();
        }
        in.readVLong();
        return in.position;
    }
}
