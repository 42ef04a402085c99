package org.observer.ingest;

import org.observer.logs.IncomingLog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Several logs of one index in one {@code observer.ingest} record: record overhead, headers and
 * acknowledgement are paid once per group instead of once per line, and the producer compresses
 * the group as a whole. The value is the logs' JSON texts back to back; the
 * {@value #LINES_HEADER} header holds their lengths (int32 each, big-endian) and the
 * {@value KafkaIngestService#TIMESTAMP_HEADER} header their times (int64 each). A log is stored
 * under its record's offset and its line in the group ({@link org.observer.api.LogId}). A record
 * without the header is one log, as any producer may write it.
 */
final class LogGroup {

    /** Record header listing the lengths of a group's logs. */
    static final String LINES_HEADER = "lines";
    /** A group is sent once it holds this many logs… */
    static final int MAX_LINES = 1000;
    /** …or this many bytes (well below Kafka's default 1 MB record limit). */
    static final int MAX_BYTES = 256 << 10;

    /** Where each log of the group came from: its line in the request. */
    private int[] requestLines = new int[16];
    private final List<IncomingLog> logs = new ArrayList<>();
    private int bytes;
    final String index;

    LogGroup(String index) {
        this.index = index;
    }

    /** Whether {@code log} still fits (a group always takes its first log). */
    boolean fits(IncomingLog log) {
        return logs.isEmpty() || logs.size() < MAX_LINES && bytes + log.length() <= MAX_BYTES;
    }

    void add(int requestLine, IncomingLog log) {
        if (logs.size() == requestLines.length) {
            requestLines = java.util.Arrays.copyOf(requestLines, requestLines.length * 2);
        }
        requestLines[logs.size()] = requestLine;
        logs.add(log);
        bytes += log.length();
    }

    /** The line in the request of the group's log {@code k}. */
    int requestLine(int k) {
        return requestLines[k];
    }

    int size() {
        return logs.size();
    }

    /** The only log, when the group is one: it is sent as a record of its own. */
    IncomingLog single() {
        return logs.size() == 1 ? logs.get(0) : null;
    }

    byte[] value() {
        ByteBuffer value = ByteBuffer.allocate(bytes);
        logs.forEach(log -> value.put(log.source(), log.offset(), log.length()));
        return value.array();
    }

    byte[] linesHeader() {
        ByteBuffer lengths = ByteBuffer.allocate(Integer.BYTES * logs.size());
        logs.forEach(log -> lengths.putInt(log.length()));
        return lengths.array();
    }

    byte[] timesHeader() {
        ByteBuffer times = ByteBuffer.allocate(Long.BYTES * logs.size());
        logs.forEach(log -> times.putLong(log.timestamp()));
        return times.array();
    }
}
