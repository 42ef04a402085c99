package org.observer.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.observer.index.IndexNames;
import org.observer.logs.JsonFields;
import org.observer.storage.LogRecord;

import java.nio.ByteBuffer;
import java.util.logging.Logger;

/** Turns {@code observer.ingest} records into what an index stores (the processor and rebuilds). */
public final class IngestRecords {

    private static final Logger LOG = Logger.getLogger(IngestRecords.class.getName());

    private IngestRecords() {
    }

    /** Null for a record that cannot be indexed (written by something else than this node). */
    public static LogRecord toLogRecord(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || !IndexNames.isValid(record.key()) || record.value() == null) {
            LOG.warning(() -> "Skipping record " + record.partition() + "-" + record.offset() + ": no valid index key");
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
