package org.observer.ingest;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.observer.api.IndexInfo;
import org.observer.api.IndexNotFoundException;
import org.observer.api.OplogAction;
import org.observer.api.RecoveryService;
import org.observer.api.ServiceUnavailableException;
import org.observer.api.SnapshotInfo;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexDamaged;
import org.observer.index.IndexManager;
import org.observer.index.IndexSnapshots;
import org.observer.index.Quarantine;
import org.observer.index.StoreKey;
import org.observer.kafka.KafkaSettings;
import org.observer.oplog.Oplog;
import org.observer.oplog.OplogArchiver;
import org.observer.oplog.OplogCaughtUp;
import org.observer.storage.DurableFiles;
import org.observer.storage.IndexStore;
import org.observer.storage.LogRecord;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings an index back from Kafka: rebuilds a damaged one from its range of {@code observer.ingest}
 * (found in the oplog archive), and restores one from a snapshot, then catches it up. The new
 * files are staged beside the data and moved into place in one rename, so a crash mid-way leaves
 * either the old index or the new one. A store holds an index's logs of one partition, so one
 * partition is read, from the store's first offset.
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
    IndexSnapshots snapshots;

    @Inject
    MessageIdWindows messageIds;

    @Inject
    OplogArchiver oplogArchive;

    @Inject
    Oplog oplogRecorder;

    private final Set<StoreKey> rebuilding = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    @PreDestroy
    void stop() {
        stopping = true;
    }

    /** Starts a rebuild on a thread of its own; the store answers 503 until it is done. */
    void onDamaged(@Observes IndexDamaged damaged) {
        StoreKey key = damaged.store();
        if (!rebuilding.add(key)) {
            return;
        }
        Thread thread = threads.newThread(() -> {
            try {
                rebuildUntilDone(key);
            } finally {
                rebuilding.remove(key);
            }
        });
        thread.setName("observer-rebuild-" + key.index() + "-" + key.partition());
        thread.start();
    }

    /**
     * Reconciles the disk with the oplog at start: a store the oplog knows (its last action is not
     * DELETED) whose directory is gone is rebuilt from Kafka. Damaged files of the stores that are
     * there are found when they are loaded.
     */
    void onOplogCaughtUp(@Observes OplogCaughtUp oplog) {
        oplog.lastActions().forEach((index, byPartition) -> byPartition.forEach((partition, action) -> {
            StoreKey key = new StoreKey(index, partition);
            if (action != OplogAction.DELETED && !indexes.exists(key.index(), key.partition())) {
                String problem = "its directory is missing, though the oplog's last entry for it is " + action.name().toLowerCase();
                LOG.warning(() -> "Index " + key + ": " + problem + "; rebuilding it from Kafka");
                indexes.block(key, problem);
                oplogRecorder.record(OplogAction.DEGRADED, key.index(), key.partition(), null, null, null, problem);
                onDamaged(new IndexDamaged(key, problem));
            }
        }));
    }

    private void rebuildUntilDone(StoreKey key) {
        for (int attempt = 1; !stopping; attempt++) {
            try {
                rebuild(key);
                return;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Rebuilding " + key + " failed (attempt " + attempt + "); retrying", e);
                try {
                    Thread.sleep(Math.min(30_000, 1000L * attempt));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void rebuild(StoreKey key) throws IOException {
        long start = System.nanoTime();
        long first = oplogArchive.firstWrittenOffset(key.index(), key.partition());
        Path staging = staging(key);
        Replayed replayed;
        try (IndexStore store = IndexStore.open(staging, indexes.settings(key.index()))) {
            replayed = replay(store, key, first);
        } catch (IOException | RuntimeException e) {
            discard(staging);
            throw e;
        }
        indexes.replace(key, staging, OplogAction.REBUILT, replayed.describe());
        LOG.info(() -> String.format("Rebuilt %s from Kafka in %.1f s: %s", key,
                (System.nanoTime() - start) / 1e9, replayed.describe()));
    }

    /**
     * Replaces the index's stores with snapshot {@code snapshot} and what Kafka holds after it.
     * Reads and writes of a store answer 503 only during its final catch-up and the swap.
     */
    @Override
    public IndexInfo restore(String index, String snapshot) {
        Path source = snapshots.snapshotDir(index, snapshot);
        if (!Files.isDirectory(source)) {
            throw new IndexNotFoundException(index + " has no snapshot " + snapshot);
        }
        List<Integer> partitions = new ArrayList<>();
        try {
            for (Map.Entry<Integer, Path> part : snapshotParts(source, index).entrySet()) {
                StoreKey key = new StoreKey(index, part.getKey());
                String detail = restoreFiles(key, part.getValue(), snapshot);
                partitions.add(key.partition());
                LOG.info(() -> "Restored " + key + ": " + detail);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("restoring " + index + " from " + snapshot + " failed", e);
        }
        return indexes.get(index, partitions);
    }

    /**
     * The partitions a snapshot holds and their directories: one directory per partition, or, in a
     * snapshot taken before stores were kept per partition, the files themselves for the one
     * partition its manifest names.
     */
    private Map<Integer, Path> snapshotParts(Path source, String index) throws IOException {
        Map<Integer, Path> parts = new TreeMap<>();
        boolean flat = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry) && name.matches("[0-9]{1,6}")) {
                    parts.put(Integer.parseInt(name), entry);
                } else if (name.startsWith("chunk-")) {
                    flat = true;
                }
            }
        }
        if (flat) {
            SnapshotInfo manifest = snapshots.list(index).stream()
                    .filter(s -> source.getFileName().toString().equals(s.snapshot())).findFirst().orElse(null);
            if (manifest == null || manifest.offsets().size() != 1) {
                throw new IOException("snapshot " + source + " holds the files of one store but its manifest does not name one partition");
            }
            parts.put(manifest.offsets().keySet().iterator().next(), source);
        }
        return parts;
    }

    private String restoreFiles(StoreKey key, Path source, String snapshot) throws IOException {
        Path staging = staging(key);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source, Files::isRegularFile)) {
            for (Path file : files) {
                if (file.getFileName().toString().equals("snapshot.json")) {
                    continue;
                }
                Path copy = staging.resolve(file.getFileName().toString());
                Files.copy(file, copy);
                DurableFiles.force(copy);
            }
        }
        DurableFiles.syncDirectory(staging);
        Replayed replayed;
        try (IndexStore store = IndexStore.open(staging, indexes.settings(key.index()))) {
            replay(store, key, -1); // most of the catch-up, while the index still serves
            indexes.block(key, "being restored from snapshot " + snapshot);
            replayed = replay(store, key, -1);
        } catch (IOException | RuntimeException e) {
            indexes.unblock(key);
            discard(staging);
            throw e;
        }
        String detail = "snapshot " + snapshot + ", then " + replayed.describe();
        indexes.replace(key, staging, OplogAction.RESTORED, detail);
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
    private Path staging(StoreKey key) throws IOException {
        return new Quarantine(config.quarantineDir()).newStaging(key);
    }

    /**
     * Appends the index's logs from the store's partition, from {@code from} (-1: after what the store
     * holds, or the partition's start) to the partition's end as of now; the store skips what it holds.
     */
    private Replayed replay(IndexStore store, StoreKey key, long from) throws IOException {
        String index = key.index();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.reader(config, "observer-recovery"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            int p = key.partition();
            TopicPartition partition = new TopicPartition(ObserverConfig.INGEST_TOPIC, p);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), KAFKA_TIMEOUT).get(partition);
            long begin = consumer.beginningOffsets(List.of(partition), KAFKA_TIMEOUT).get(partition);
            long held = store.appliedOffset(p);
            long start = Math.max(begin, Math.max(from, held)); // held may be only part of a group: read it again
            consumer.seek(partition, start);
            // the same repeats skipped as the processors skip (a log delivered twice over JMS)
            MessageIdWindow window = null;
            long documents = 0;
            while (consumer.position(partition, KAFKA_TIMEOUT) < end) {
                if (stopping) {
                    throw new IOException("the node is stopping");
                }
                List<LogRecord> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                    if (record.offset() >= end) {
                        continue;
                    }
                    byte[] messageId = MessageIdWindows.messageId(record);
                    if (messageId != null) {
                        if (window == null || !window.covers(record.offset())) {
                            window = messageIds.read(p, record.offset());
                        }
                        if (window.isRepeat(messageId, record.offset())) {
                            continue;
                        }
                    } else if (window != null) {
                        window.passed(record.offset());
                    }
                    if (index.equals(record.key())) {
                        IngestRecords.addLogRecords(record, batch);
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
