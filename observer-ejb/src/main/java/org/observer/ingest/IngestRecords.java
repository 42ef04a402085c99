package org.observer.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.observer.index.IndexNames;
import org.observer.logs.JsonFields;
import org.observer.storage.LogRecord;
import org.observer.storage.LogSequence;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** Turns {@code observer.ingest} records into what an index stores (the processor and rebuilds). */
public final class IngestRecords {

    private static final Logger LOG = Logger.getLogger(IngestRecords.class.getName());

    private IngestRecords() {
    }

    /**
     * Adds the logs of {@code record} to {@code out}: one, or a {@link LogGroup}'s, in order; none
     * for a record that cannot be indexed (written by something else than this node).
     *
     * @return how many were added
     */
    public static int addLogRecords(ConsumerRecord<String, byte[]> record, List<LogRecord> out) {
        Header lines = record.headers().lastHeader(LogGroup.LINES_HEADER);
        if (lines == null) {
            LogRecord log = toLogRecord(record);
            if (log == null) {
                return 0;
            }
            out.add(log);
            return 1;
        }
        if (!hasIndexKey(record)) {
            return 0;
        }
        Header times = record.headers().lastHeader(KafkaIngestService.TIMESTAMP_HEADER);
        ByteBuffer lengths = ByteBuffer.wrap(lines.value());
        int count = lengths.remaining() / Integer.BYTES;
        if (count == 0 || count > LogSequence.MAX_LINES || lengths.remaining() % Integer.BYTES != 0
                || times == null || times.value().length != count * Long.BYTES) {
            LOG.warning(() -> "Skipping record " + record.partition() + "-" + record.offset() + ": a malformed group");
            return 0;
        }
        ByteBuffer at = ByteBuffer.wrap(times.value());
        byte[] value = record.value();
        List<LogRecord> group = new ArrayList<>(count);
        int from = 0;
        try {
            for (int line = 0; line < count; line++) {
                int length = lengths.getInt();
                if (length <= 0 || length > value.length - from) {
                    throw new IllegalArgumentException("log " + line + " of " + length + " bytes at " + from
                            + " of " + value.length);
                }
                // the log stays in the record's value: its bytes are copied once, into the segment
                group.add(new LogRecord(record.partition(), record.offset(), line, at.getLong(), value, from, length,
                        JsonFields.indexed(value, from, from + length)));
                from += length;
            }
            if (from != value.length) {
                throw new IllegalArgumentException(value.length - from + " bytes after the last log");
            }
        } catch (RuntimeException e) {
            // all or nothing: the group came from one request, and the lines are its ids
            LOG.warning(() -> "Skipping record " + record.partition() + "-" + record.offset() + ": a malformed group: " + e);
            return 0;
        }
        out.addAll(group);
        return count;
    }

    /** Whether the record names a valid index and has a value; says why not in the log. */
    private static boolean hasIndexKey(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || !IndexNames.isValid(record.key()) || record.value() == null) {
            LOG.warning(() -> "Skipping record " + record.partition() + "-" + record.offset() + ": no valid index key");
            return false;
        }
        return true;
    }

    /** Null for a record that cannot be indexed (written by something else than this node). */
    public static LogRecord toLogRecord(ConsumerRecord<String, byte[]> record) {
        if (!hasIndexKey(record)) {
            return null;
        }
        Header header = record.headers().lastHeader(KafkaIngestService.TIMESTAMP_HEADER);
        try {
            // this node's producers always send the header; another producer's log carries its own
            // time (read in the same pass as the fields), or the record's
            if (header != null && header.value().length == Long.BYTES) {
                return new LogRecord(record.partition(), record.offset(), ByteBuffer.wrap(header.value()).getLong(),
                        record.value(), JsonFields.indexed(record.value()));
            }
            JsonFields.IndexedLog log = JsonFields.indexedWithTime(record.value());
            return new LogRecord(record.partition(), record.offset(), log.time() != null ? log.time() : record.timestamp(),
                    record.value(), log.fields());
        } catch (RuntimeException e) {
            LOG.warning(() -> "Skipping record " + record.partition() + "-" + record.offset() + ": not JSON: " + e);
            return null;
        }
    }

}
