package org.observer.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.observer.config.ObserverConfig;
import org.observer.kafka.KafkaSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * This node's {@link MessageIdWindow} per partition. A window is built when the first record with a
 * message id reaches a partition (or after a gap, e.g. a restart) by reading the span before it
 * from Kafka, so a repeat is recognized whether or not this node saw the first delivery.
 */
@ApplicationScoped
public class MessageIdWindows {

    private static final Logger LOG = Logger.getLogger(MessageIdWindows.class.getName());
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ObserverConfig config;

    private final Map<Integer, MessageIdWindow> windows = new ConcurrentHashMap<>();

    /** The message id a record carries, or null (logs posted over HTTP have none). */
    static byte[] messageId(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(KafkaIngestService.MESSAGE_ID_HEADER);
        return header == null ? null : header.value();
    }

    /** The window of {@code partition} that covers everything before {@code offset}, read from Kafka if need be. */
    MessageIdWindow of(int partition, long offset) {
        MessageIdWindow window = windows.get(partition);
        if (window == null || !window.covers(offset)) {
            window = read(partition, offset);
            windows.put(partition, window);
        }
        return window;
    }

    /** The window of {@code partition} as it is, or null if none was built. */
    MessageIdWindow current(int partition) {
        return windows.get(partition);
    }

    /** A window over the span before {@code offset}, read from the partition, kept by the caller. */
    MessageIdWindow read(int partition, long offset) {
        long started = System.nanoTime();
        TopicPartition tp = new TopicPartition(ObserverConfig.INGEST_TOPIC, partition);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.reader(config, "observer-message-ids"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long begin = consumer.beginningOffsets(List.of(tp), KAFKA_TIMEOUT).get(tp);
            long from = Math.max(begin, offset - MessageIdWindow.SPAN);
            MessageIdWindow window = new MessageIdWindow(from - 1);
            if (from >= offset) {
                return window;
            }
            consumer.seek(tp, from);
            long position = from;
            long deadline = System.nanoTime() + 3 * KAFKA_TIMEOUT.toNanos();
            while (position < offset) {
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException("reading the message ids of partition "
                            + partition + " stopped at offset " + position + " of " + offset);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    if (record.offset() >= offset) {
                        break;
                    }
                    byte[] id = messageId(record);
                    if (id != null) {
                        window.isRepeat(id, record.offset());
                    } else {
                        window.passed(record.offset());
                    }
                }
                position = consumer.position(tp, KAFKA_TIMEOUT);
            }
            window.passed(offset - 1); // offsets a compaction or transaction marker left out
            LOG.info(() -> "Partition " + partition + ": message ids of offsets " + from + ".." + (offset - 1) + " read ("
                    + window.size() + " ids, " + (System.nanoTime() - started) / 1_000_000 + " ms)");
            return window;
        }
    }
}
