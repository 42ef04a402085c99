package org.observer.ingest;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.observer.api.IndexInfo;
import org.observer.api.IndexNotFoundException;
import org.observer.api.RecoveryService;
import org.observer.api.OplogAction;
import org.observer.api.ServiceUnavailableException;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexDamaged;
import org.observer.index.IndexManager;
import org.observer.oplog.Oplog;
import org.observer.oplog.OplogArchiver;
import org.observer.oplog.OplogCaughtUp;
import org.observer.storage.DurableFiles;
import org.observer.storage.IndexStore;
import org.observer.storage.LogRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings an index back from Kafka: rebuilds a damaged one from its range of {@code observer.ingest}
 * (found in the oplog archive), and restores one from a snapshot, then catches it up. The new
 * files are staged beside the data and moved into place in one rename, so a crash mid-way leaves
 * either the old index or the new one. An index's logs all sit in one partition (the producer
 * keys them by index name), so one partition is read, from the index's first offset.
 */
@ApplicationScoped
public class IndexRecovery implements RecoveryService {

    private static final Logger LOG = Logger.getLogger(IndexRecovery.class.getName());
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    @Inject
    IndexManager indexes;

    @Inject
    OplogArchiver oplogArchive;

    @Inject
    Oplog oplogRecorder;

    private final Set<String> rebuilding = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    @PreDestroy
    void stop() {
        stopping = true;
    }

    /** Starts a rebuild on a thread of its own; the index answers 503 until it is done. */
    void onDamaged(@Observes IndexDamaged damaged) {
        String index = damaged.index();
        if (!rebuilding.add(index)) {
            return;
        }
        Thread thread = threads.newThread(() -> {
            try {
                rebuildUntilDone(index);
            } finally {
                rebuilding.remove(index);
            }
        });
        thread.setName("observer-rebuild-" + index);
        thread.start();
    }

    /**
     * Reconciles the disk with the oplog at start: an index the oplog knows (its last action is not
     * DELETED) whose directory is gone is rebuilt from Kafka. Damaged files of the indexes that are
     * there are found when they are loaded.
     */
    void onOplogCaughtUp(@Observes OplogCaughtUp oplog) {
        oplog.lastActions().forEach((index, action) -> {
            if (action != OplogAction.DELETED && !indexes.exists(index)) {
                String problem = "its directory is missing, though the oplog's last entry for it is " + action.name().toLowerCase();
                LOG.warning(() -> "Index " + index + ": " + problem + "; rebuilding it from Kafka");
                indexes.block(index, problem);
                oplogRecorder.record(OplogAction.DEGRADED, index, problem);
                onDamaged(new IndexDamaged(index, problem));
            }
        });
    }

    private void rebuildUntilDone(String index) {
        for (int attempt = 1; !stopping; attempt++) {
            try {
                rebuild(index);
                return;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Rebuilding " + index + " failed (attempt " + attempt + "); retrying", e);
                try {
                    Thread.sleep(Math.min(30_000, 1000L * attempt));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void rebuild(String index) throws IOException {
        long start = System.nanoTime();
        long first = oplogArchive.firstWrittenOffset(index);
        Path staging = staging(index);
        Replayed replayed;
        try (IndexStore store = IndexStore.open(staging, indexes.settings(index))) {
            replayed = replay(store, index, first);
        } catch (IOException | RuntimeException e) {
            discard(staging);
            throw e;
        }
        indexes.replace(index, staging, OplogAction.REBUILT, replayed.describe());
        LOG.info(() -> String.format("Rebuilt %s from Kafka in %.1f s: %s", index,
                (System.nanoTime() - start) / 1e9, replayed.describe()));
    }

    /**
     * Replaces the index with snapshot {@code snapshot} and what Kafka holds after it. Reads and
     * writes of the index answer 503 only during the final catch-up and the swap.
     */
    @Override
    public IndexInfo restore(String index, String snapshot) {
        try {
            String detail = restoreFiles(index, snapshot);
            LOG.info(() -> "Restored " + index + ": " + detail);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("restoring " + index + " from " + snapshot + " failed", e);
        }
        return indexes.get(index);
    }

    private String restoreFiles(String index, String snapshot) throws IOException {
        Path source = indexes.snapshotDir(index, snapshot);
        if (!Files.isDirectory(source)) {
            throw new IndexNotFoundException(index + " has no snapshot " + snapshot);
        }
        Path staging = staging(index);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source)) {
            for (Path file : files) {
                Path copy = staging.resolve(file.getFileName().toString());
                Files.copy(file, copy);
                DurableFiles.force(copy);
            }
        }
        DurableFiles.syncDirectory(staging);
        Replayed replayed;
        try (IndexStore store = IndexStore.open(staging, indexes.settings(index))) {
            replay(store, index, -1); // most of the catch-up, while the index still serves
            indexes.block(index, "being restored from snapshot " + snapshot);
            replayed = replay(store, index, -1);
        } catch (IOException | RuntimeException e) {
            indexes.unblock(index);
            discard(staging);
            throw e;
        }
        String detail = "snapshot " + snapshot + ", then " + replayed.describe();
        indexes.replace(index, staging, OplogAction.RESTORED, detail);
        return detail;
    }

    /** Removes a staging directory a failed attempt leaves (start-up removes any a crash leaves). */
    private static void discard(Path staging) {
        try {
            DurableFiles.deleteTree(staging);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Could not remove " + staging, e);
        }
    }

    /** An empty directory to build the index in, beside the data (same file system: renames are atomic). */
    private Path staging(String index) throws IOException {
        Path staging = config.quarantineDir().resolve(IndexManager.STAGING_PREFIX + index + "-" + System.nanoTime());
        Files.createDirectories(staging);
        return staging;
    }

    /**
     * Appends the index's logs from its partition, from {@code from} (-1: after what the store holds,
     * or the partition's start) to the partition's end as of now; the store skips what it holds.
     */
    private Replayed replay(IndexStore store, String index, long from) throws IOException {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.reader(config, "observer-recovery"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(ObserverConfig.INGEST_TOPIC, KAFKA_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new ServiceUnavailableException("Kafka does not know " + ObserverConfig.INGEST_TOPIC, 5, null);
            }
            // The producer's partitioner for keyed records: murmur2 of the key.
            int p = Utils.toPositive(Utils.murmur2(index.getBytes(StandardCharsets.UTF_8))) % partitions.size();
            TopicPartition partition = new TopicPartition(ObserverConfig.INGEST_TOPIC, p);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), KAFKA_TIMEOUT).get(partition);
            long begin = consumer.beginningOffsets(List.of(partition), KAFKA_TIMEOUT).get(partition);
            long held = store.appliedOffset(p);
            long start = Math.max(begin, Math.max(from, held + 1));
            consumer.seek(partition, start);
            long documents = 0;
            while (consumer.position(partition, KAFKA_TIMEOUT) < end) {
                if (stopping) {
                    throw new IOException("the node is stopping");
                }
                List<LogRecord> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                    if (record.offset() < end && index.equals(record.key())) {
                        LogRecord log = IngestRecords.toLogRecord(record);
                        if (log != null) {
                            batch.add(log);
                        }
                    }
                }
                documents += store.append(batch);
            }
            store.sync();
            String lost = from >= 0 && from < begin
                    ? "; offsets " + from + ".." + (begin - 1) + " are past the topic's retention" : "";
            return new Replayed(p, start, end - 1, documents, lost);
        }
    }

    private record Replayed(int partition, long from, long to, long documents, String lost) {
        String describe() {
            return documents + " logs from partition " + partition + " offsets " + from + ".." + to + lost;
        }
    }
}
