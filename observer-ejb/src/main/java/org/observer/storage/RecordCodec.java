package org.observer.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.observer.analysis.FieldValue;

/** The active segment's record payload (see {@link StorageFormat}): Kafka coordinates, source, fields. */
final class RecordCodec {

    private RecordCodec() {
    }

    static void encode(LogRecord record, ByteSink out) {
        out.writeVInt(record.partition());
        out.writeZLong(record.offset());
        out.writeZLong(record.timestamp());
        out.writeLengthPrefixed(record.source());
        out.writeVInt(record.fields().size());
        for (FieldValue field : record.fields()) {
            out.writeLengthPrefixed(field.name().getBytes(StandardCharsets.UTF_8));
            out.writeLengthPrefixed(field.value().getBytes(StandardCharsets.UTF_8));
        }
    }

    static LogRecord decode(ByteBuffer buffer, int position) {
        ByteCursor in = new ByteCursor(buffer, position);
        int partition = in.readVInt();
        long offset = in.readZLong();
        long timestamp = in.readZLong();
        byte[] source = in.readLengthPrefixed();
        int count = in.readVInt();
        List<FieldValue> fields = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            String name = new String(in.readLengthPrefixed(), StandardCharsets.UTF_8);
            String value = new String(in.readLengthPrefixed(), StandardCharsets.UTF_8);
            fields.add(new FieldValue(name, value));
        }
        return new LogRecord(partition, offset, timestamp, source, fields);
    }

    /** Position of the source's length prefix in a payload (after partition, offset, timestamp). */
    static int sourcePosition(ByteBuffer buffer, int position) {
        ByteCursor in = new ByteCursor(buffer, position);
        in.readVInt();
        in.readVLong();
        in.readVLong();
        return in.position;
    }
}
