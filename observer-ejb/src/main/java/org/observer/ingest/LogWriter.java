package org.observer.ingest;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.observer.api.OplogAction;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexManager;
import org.observer.index.StoreKey;
import org.observer.oplog.DeletedIndexes;
import org.observer.oplog.Oplog;
import org.observer.storage.IndexStore;
import org.observer.storage.LogRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes polled logs to the store of their index and partition, syncs them and checkpoints the
 * partition: the same for a partition's owner and for its standbys. Each partition has a lock,
 * held while its logs are written and while its owner takes it over, so a standby never writes a
 * partition this node has started to own.
 */
@ApplicationScoped
public class LogWriter {

    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());

    @Inject
    ObserverConfig config;

    @Inject
    IndexManager indexes;

    @Inject
    Oplog oplog;

    @Inject
    DeletedIndexes deleted;

    @Inject
    IngestProgress progress;

    @Inject
    IngestRate rate;

    @Inject
    MessageIdWindows messageIds;

    private final Map<Integer, ReentrantLock> locks = new ConcurrentHashMap<>();
    private PartitionCheckpoints checkpoints;

    @PostConstruct
    void init() {
        checkpoints = new PartitionCheckpoints(config.partitionsDir());
    }

    PartitionCheckpoints checkpoints() {
        return checkpoints;
    }

    /** Holds {@code partition}'s lock while {@code work} runs. */
    void locked(int partition, Runnable work) {
        ReentrantLock lock = locks.computeIfAbsent(partition, p -> new ReentrantLock());
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the records of the partitions {@code mayWrite} accepts (asked while holding their
     * locks), syncs the stores, checkpoints, and returns the offsets written through.
     *
     * @param owner true for the partitions' owner (its oplog entries say so, and it counts in the ingest rate)
     */
    Map<TopicPartition, OffsetAndMetadata> write(ConsumerRecords<String, byte[]> records,
                                                 Predicate<TopicPartition> mayWrite, boolean owner) throws IOException {
        Map<Integer, TopicPartition> partitions = new TreeMap<>(); // locks taken in one order
        records.partitions().forEach(tp -> partitions.put(tp.partition(), tp));
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (int p : partitions.keySet()) {
                ReentrantLock lock = locks.computeIfAbsent(p, k -> new ReentrantLock());
                lock.lock();
                held.add(lock);
            }
            return writeLocked(records, partitions, mayWrite, owner);
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> writeLocked(ConsumerRecords<String, byte[]> records,
                                                               Map<Integer, TopicPartition> partitions,
                                                               Predicate<TopicPartition> mayWrite, boolean owner)
            throws IOException {
        Map<StoreKey, List<ConsumerRecord<String, byte[]>>> byStore = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        long count = 0;
        for (TopicPartition partition : partitions.values()) {
            if (!mayWrite.test(partition)) {
                continue;
            }
            long next = -1;
            Map<String, Long> deletedThrough = deleted.any() ? new HashMap<>() : null;
            MessageIdWindow window = messageIds.current(partition.partition());
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                next = record.offset() + 1;
                byte[] messageId = MessageIdWindows.messageId(record);
                if (messageId != null) {
                    if (window == null || !window.covers(record.offset())) {
                        window = messageIds.of(partition.partition(), record.offset());
                    }
                    if (window.isRepeat(messageId, record.offset())) {
                        LOG.fine(() -> "Skipping record " + record.partition() + "-" + record.offset()
                                + ": its message id came earlier (a redelivery)");
                        continue;
                    }
                } else if (window != null) {
                    window.passed(record.offset());
                }
                if (deletedThrough != null && record.key() != null && record.offset() <= deletedThrough.computeIfAbsent(
                        record.key(), index -> deleted.deletedThrough(index, partition.partition()))) {
                    continue; // posted before the index was deleted
                }
                byStore.computeIfAbsent(new StoreKey(record.key(), record.partition()), k -> new ArrayList<>()).add(record);
            }
            commits.put(partition, new OffsetAndMetadata(next));
        }
        Map<StoreKey, Appended> appended = new LinkedHashMap<>(); // the oplog in the poll's order
        for (Map.Entry<StoreKey, List<ConsumerRecord<String, byte[]>>> entry : byStore.entrySet()) {
            StoreKey key = entry.getKey();
            Appended done = indexes.write(key.index(), key.partition(), store -> append(entry.getValue(), store));
            appended.put(key, done);
            count += done.logs;
        }
        for (StoreKey key : byStore.keySet()) {
            indexes.write(key.index(), key.partition(), store -> {
                store.sync();
                return null;
            });
        }
        for (Map.Entry<StoreKey, Appended> entry : appended.entrySet()) {
            Appended done = entry.getValue();
            if (done.written > 0) {
                oplog.record(OplogAction.WRITTEN, entry.getKey().index(), entry.getKey().partition(), done.firstOffset,
                        done.lastOffset, (long) done.written, owner ? null : "standby");
            }
        }
        for (Map.Entry<TopicPartition, OffsetAndMetadata> commit : commits.entrySet()) {
            checkpoints.write(commit.getKey().partition(), commit.getValue().offset());
            // searchable here now, for refresh=wait_for on the owner and on its standbys alike
            progress.advance(commit.getKey().partition(), commit.getValue().offset());
        }
        if (owner) {
            rate.indexed(count);
        }
        return commits;
    }

    /**
     * Logs handed to a store in one call, about: a poll's records are turned into logs a few
     * groups at a time, as they are appended. Turned all at once, the logs of a whole poll (a
     * hundred thousand and more, each with its fields) were alive together, and every young
     * collection meanwhile copied them.
     */
    private static final int APPEND_LOGS = 1000;

    /** What {@link #append} did: logs read, logs written (not replays), offsets of the first and last record with logs. */
    private static final class Appended {
        long logs;
        int written;
        long firstOffset = -1;
        long lastOffset = -1;
    }

    private static Appended append(List<ConsumerRecord<String, byte[]>> records, IndexStore store)
            throws IOException {
        Appended done = new Appended();
        List<LogRecord> logs = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            int added = IngestRecords.addLogRecords(record, logs);
            if (added > 0) {
                done.logs += added;
                if (done.firstOffset < 0) {
                    done.firstOffset = record.offset();
                }
                done.lastOffset = record.offset();
            }
            if (logs.size() >= APPEND_LOGS || i == records.size() - 1 && !logs.isEmpty()) {
                done.written += store.append(logs);
                logs.clear();
            }
        }
        return done;
    }

    /**
     * Drops this node's standby copy of {@code index} in {@code partition}, deleted through
     * {@code throughOffset} on its owner, and keeps the copy from writing those logs again.
     */
    public void dropDeletedCopy(String index, int partition, long throughOffset) {
        locked(partition, () -> {
            deleted.noteDeleted(index, partition, throughOffset);
            try {
                indexes.discard(new StoreKey(index, partition));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("dropping the copy of " + index + " in partition " + partition, e);
            }
        });
    }

    /** Drops the stores of {@code partition} that a delete (on any node) covers. */
    void discardDeleted(int partition) {
        for (var key : indexes.stores(List.of(partition))) {
            long through = deleted.deletedThrough(key.index(), partition);
            if (through < 0) {
                continue;
            }
            try {
                long applied = indexes.read(key.index(), partition, store -> store.appliedOffset(partition));
                if (applied <= through) {
                    indexes.discard(key);
                    LOG.info(() -> "Removed " + key + ": deleted on another node");
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not check " + key + " against its delete", e);
            }
        }
    }
}
