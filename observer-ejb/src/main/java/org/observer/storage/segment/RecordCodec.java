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
        byte[] source = record.sourceArray();
        int sourceFrom = record.sourceFrom();
        int sourceLength = record.sourceLength();
        out.writeVInt(sourceLength);
        out.writeBytes(source, sourceFrom, sourceLength);
        out.writeVInt(record.fields().size());
        int from = 0;
        for (FieldValue field : record.fields()) {
            writeName(field.name(), out);
            int at = field.sourceAt();
            if (at >= 0) {
                // The reader of the JSON knows where the value lies (most values: no escapes).
                out.writeVInt(at + 1);
                out.writeVInt(field.sourceLength());
                from = at + field.sourceLength();
                continue;
            }
            byte[] value = field.value().getBytes(StandardCharsets.UTF_8);
            // A value made elsewhere may still be the source's own bytes: point at them.
            at = value.length == 0 || sourceLength > MAX_SEARCHED_SOURCE ? -1
                    : indexOf(source, sourceFrom, sourceLength, value, from);
            if (at < 0 && from > 0 && value.length > 0 && sourceLength <= MAX_SEARCHED_SOURCE) {
                at = indexOf(source, sourceFrom, sourceLength, value, 0);
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

    /** A field name's UTF-8, length first; an ASCII name (nearly all) is written as it is, without a copy. */
    private static void writeName(String name, ByteSink out) {
        int length = name.length();
        for (int i = 0; i < length; i++) {
            if (name.charAt(i) >= 0x80) {
                out.writeLengthPrefixed(name.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        out.writeVInt(length);
        for (int i = 0; i < length; i++) {
            out.writeByte(name.charAt(i));
        }
    }

    /** Where {@code value} first occurs in {@code source[sourceFrom, sourceFrom + sourceLength)} at or after {@code from}, relative to sourceFrom; or -1. */
    private static int indexOf(byte[] source, int sourceFrom, int sourceLength, byte[] value, int from) {
        byte first = value[0];
        int last = sourceFrom + sourceLength - value.length;
        outer:
        for (int i = sourceFrom + from; i <= last; i++) {
            if (source[i] != first) {
                continue;
            }
            for (int j = 1; j < value.length; j++) {
                if (source[i + j] != value[j]) {
                    continue outer;
                }
            }
            return i - sourceFrom;
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
