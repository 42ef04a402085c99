package org.observer.ingest;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.observer.api.ObserverException;
import org.observer.api.OplogAction;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexManager;
import org.observer.oplog.Oplog;
import org.observer.storage.LogRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes {@code observer.ingest} (group {@code observer-processors}) on managed threads and writes
 * every log to its index. Offsets are committed only after the indexes are synced, and stores skip
 * offsets they already hold, so a crash at any point neither loses nor duplicates a log.
 */
@Singleton
@Startup
@DependsOn("IndexManager")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Processor {

    private static final Logger LOG = Logger.getLogger(Processor.class.getName());
    private static final Duration POLL = Duration.ofMillis(200);

    @Resource
    ManagedExecutorService executor;

    @Inject
    ObserverConfig config;

    @Inject
    IndexManager indexes;

    @Inject
    IngestProgress progress;

    @Inject
    Oplog oplog;

    private volatile boolean running;
    private volatile boolean topicsReady;
    private final Map<Integer, KafkaConsumer<String, byte[]>> consumers = new ConcurrentHashMap<>();
    /** Partitions currently assigned to each consumer thread. */
    private final Map<Integer, Integer> assigned = new ConcurrentHashMap<>();
    private CountDownLatch stopped;

    @PostConstruct
    void start() {
        running = true;
        int threads = config.processorThreads();
        stopped = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            int thread = i;
            executor.submit(() -> run(thread));
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        consumers.values().forEach(KafkaConsumer::wakeup);
        try {
            if (!stopped.await(15, TimeUnit.SECONDS)) {
                LOG.warning("Processor threads did not stop within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the topics exist and this node consumes at least one partition. */
    public boolean isReady() {
        return running && topicsReady && assigned.values().stream().mapToInt(Integer::intValue).sum() > 0;
    }

    private void run(int thread) {
        try {
            while (running) {
                try {
                    if (!topicsReady) {
                        KafkaTopics.ensure(config);
                        topicsReady = true;
                    }
                    consume(thread);
                } catch (WakeupException e) {
                    // stop() woke us
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ObserverException e) {
                    if (running) {
                        // an expected pause (an index being rebuilt or restored): no stack trace every second
                        LOG.warning(() -> "Processor " + thread + " waits: " + e.getMessage());
                        sleep(1000);
                    }
                } catch (Exception e) {
                    if (running) {
                        LOG.log(Level.WARNING, "Processor " + thread + " failed; resuming from the last committed offset", e);
                        sleep(1000);
                    }
                } finally {
                    assigned.remove(thread);
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    private void consume(int thread) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(config, thread),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumers.put(thread, consumer);
            consumer.subscribe(List.of(ObserverConfig.INGEST_TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned.put(thread, 0);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.put(thread, consumer.assignment().size());
                }
            });
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    consumer.commitSync(index(records));
                }
            }
        } finally {
            consumers.remove(thread);
        }
    }

    /** Writes a poll's records to their indexes, syncs them, and returns the offsets to commit. */
    private Map<TopicPartition, OffsetAndMetadata> index(ConsumerRecords<String, byte[]> records) throws Exception {
        Map<String, List<LogRecord>> byIndex = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            long next = -1;
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                next = record.offset() + 1;
                LogRecord log = IngestRecords.toLogRecord(record);
                if (log != null) {
                    byIndex.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(log);
                }
            }
            commits.put(partition, new OffsetAndMetadata(next));
        }
        Map<String, Integer> appended = new HashMap<>();
        for (Map.Entry<String, List<LogRecord>> entry : byIndex.entrySet()) {
            appended.put(entry.getKey(), indexes.write(entry.getKey(), store -> store.append(entry.getValue())));
        }
        for (String index : byIndex.keySet()) {
            indexes.write(index, store -> {
                store.sync();
                return null;
            });
        }
        for (Map.Entry<String, List<LogRecord>> entry : byIndex.entrySet()) {
            int count = appended.get(entry.getKey());
            if (count > 0) {
                // An index's logs share one partition (they are keyed by index), so one range covers the batch.
                List<LogRecord> batch = entry.getValue();
                oplog.record(OplogAction.WRITTEN, entry.getKey(), batch.get(0).partition(), batch.get(0).offset(),
                        batch.get(batch.size() - 1).offset(), (long) count, null);
            }
        }
        commits.forEach((partition, offset) -> progress.advance(partition.partition(), offset.offset()));
        return commits;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
