package org.observer.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.observer.logs.IncomingLog;
import org.observer.storage.LogRecord;

/** A group of logs in one Kafka record, as the processors read it back: all of it, in order, or nothing. */
class LogGroupTest {

    private static IncomingLog log(String json, long time) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return new IncomingLog(utf8, 0, utf8.length, time);
    }

    private static ConsumerRecord<String, byte[]> record(String index, byte[] value, byte[] lines, byte[] times) {
        RecordHeaders headers = new RecordHeaders();
        if (times != null) {
            headers.add(KafkaIngestService.TIMESTAMP_HEADER, times);
        }
        if (lines != null) {
            headers.add(LogGroup.LINES_HEADER, lines);
        }
        return new ConsumerRecord<>("observer.ingest", 2, 41L, 0L, TimestampType.CREATE_TIME, -1, -1, index, value,
                headers, java.util.Optional.empty());
    }

    @Test
    void aGroupIsReadBackAsItsLogsWithTheirLinesAndTimes() {
        LogGroup group = new LogGroup("auth-2025-07-10");
        String[] jsons = {"{\"msg\":\"one\"}", "{\"msg\":\"two 日本\",\"n\":2}", "{\"msg\":\"three\"}"};
        for (int i = 0; i < jsons.length; i++) {
            group.add(10 + i, log(jsons[i], 1_000L + i));
        }
        List<LogRecord> out = new ArrayList<>();
        assertEquals(3, IngestRecords.addLogRecords(record(group.index, group.value(), group.linesHeader(),
                group.timesHeader()), out));
        for (int i = 0; i < jsons.length; i++) {
            LogRecord log = out.get(i);
            assertEquals(2, log.partition());
            assertEquals(41L, log.offset());
            assertEquals(i, log.line());
            assertEquals(1_000L + i, log.timestamp());
            assertArrayEquals(jsons[i].getBytes(StandardCharsets.UTF_8), log.source());
        }
        assertEquals("two 日本", out.get(1).fields().stream().filter(f -> f.name().equals("msg")).findFirst()
                .orElseThrow().value());
        assertEquals(List.of(10, 11, 12), List.of(group.requestLine(0), group.requestLine(1), group.requestLine(2)));
    }

    @Test
    void aRecordWithoutTheHeaderIsOneLogAsAnyProducerWritesIt() {
        List<LogRecord> out = new ArrayList<>();
        byte[] json = "{\"@timestamp\":\"2025-07-10T10:00:00Z\",\"msg\":\"from kcat\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, IngestRecords.addLogRecords(record("auth", json, null, null), out));
        assertEquals(0, out.get(0).line());
        assertEquals(1_752_141_600_000L, out.get(0).timestamp());
    }

    @Test
    void aMalformedGroupAddsNothing() {
        byte[] value = "{\"a\":1}{\"b\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] times = ByteBuffer.allocate(16).putLong(1).putLong(2).array();
        List<LogRecord> out = new ArrayList<>();
        // lengths that do not add up to the value, a second log that is not JSON, times missing
        assertEquals(0, IngestRecords.addLogRecords(record("auth", value, ByteBuffer.allocate(8).putInt(7).putInt(6).array(), times), out));
        assertEquals(0, IngestRecords.addLogRecords(record("auth", "{\"a\":1}{\"b\"".getBytes(StandardCharsets.UTF_8),
                ByteBuffer.allocate(8).putInt(7).putInt(4).array(), times), out));
        assertEquals(0, IngestRecords.addLogRecords(record("auth", value, ByteBuffer.allocate(8).putInt(7).putInt(7).array(), null), out));
        assertEquals(0, IngestRecords.addLogRecords(record("auth", value, new byte[3], times), out));
        assertTrue(out.isEmpty());
        assertEquals(2, IngestRecords.addLogRecords(record("auth", value, ByteBuffer.allocate(8).putInt(7).putInt(7).array(), times), out));
    }

    @Test
    void aGroupFillsUpToItsLimits() {
        LogGroup group = new LogGroup("auth");
        IncomingLog big = log("{\"m\":\"" + "x".repeat(LogGroup.MAX_BYTES) + "\"}", 1);
        assertTrue(group.fits(big), "a group always takes its first log, however large");
        group.add(0, big);
        assertFalse(group.fits(log("{}", 1)));
        LogGroup lines = new LogGroup("auth");
        for (int i = 0; i < LogGroup.MAX_LINES; i++) {
            assertTrue(lines.fits(log("{}", 1)));
            lines.add(i, log("{}", 1));
        }
        assertFalse(lines.fits(log("{}", 1)));
    }
}
