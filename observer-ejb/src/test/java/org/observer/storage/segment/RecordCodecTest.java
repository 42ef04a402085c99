package org.observer.storage.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.observer.storage.StorageFormat;
import org.observer.storage.LogSequence;
import org.observer.analysis.FieldValue;
import org.observer.storage.LogRecord;
import org.observer.storage.io.ByteSink;

/** Segment payloads: every field comes back, whether its value points into the source or is stored. */
class RecordCodecTest {

    private static LogRecord roundTrip(LogRecord record) {
        ByteSink out = new ByteSink(64);
        RecordCodec.encode(record, out);
        return RecordCodec.decode(ByteBuffer.wrap(Arrays.copyOf(out.array(), out.size())), 0, StorageFormat.SEGMENT_VERSION);
    }

    @Test
    void valuesInTheSourceOrNotComeBack() {
        String json = "{\"msg\":\"disk full on /var\",\"host\":\"web-1\",\"q\":\"say \\\"hi\\\"\",\"again\":\"web-1\"}";
        List<FieldValue> fields = List.of(new FieldValue("msg", "disk full on /var"), new FieldValue("host", "web-1"),
                new FieldValue("q", "say \"hi\""), new FieldValue("again", "web-1"), new FieldValue("empty", ""),
                new FieldValue("absent", "not in the source"), new FieldValue("größe", "日本"));
        LogRecord record = new LogRecord(3, 42, -7, json.getBytes(StandardCharsets.UTF_8), fields);
        LogRecord back = roundTrip(record);
        assertEquals(3, back.partition());
        assertEquals(42, back.offset());
        assertEquals(-7, back.timestamp());
        assertArrayEquals(record.source(), back.source());
        assertEquals(fields, back.fields());
    }

    @Test
    void aLogInsideALargerArrayIsStoredWithTheValuesAtTheirPlaces() {
        String json = "{\"msg\":\"disk full\",\"q\":\"say \\\"hi\\\"\",\"n\":12}";
        byte[] group = ("{\"before\":1}" + json + "{}").getBytes(StandardCharsets.UTF_8);
        int from = "{\"before\":1}".length();
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        LogRecord record = new LogRecord(1, 7, 2, 99, group, from, length,
                org.observer.logs.JsonFields.indexed(group, from, from + length));
        LogRecord back = roundTrip(record);
        assertEquals(2, back.line());
        assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), back.source());
        assertArrayEquals(back.source(), record.source());
        assertEquals(List.of(new FieldValue("msg", "disk full"), new FieldValue("q", "say \"hi\""), new FieldValue("n", "12")),
                back.fields());
    }

    @Test
    void valuesFoundInTheSourceAreNotStoredTwice() {
        String message = "a long message that the payload should hold only once ".repeat(4);
        String json = "{\"message\":\"" + message + "\"}";
        LogRecord record = new LogRecord(0, 0, 0, json.getBytes(StandardCharsets.UTF_8),
                List.of(new FieldValue("message", message)));
        ByteSink out = new ByteSink(64);
        RecordCodec.encode(record, out);
        assertTrue(out.size() < json.length() + 40, "payload of " + out.size() + " bytes");
        assertEquals(record.fields(), roundTrip(record).fields());
    }
}
