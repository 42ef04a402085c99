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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
     * Writes the records of the partitions {@code mayWrite} accepts and syncs them at once (a
     * standby's way): {@link #append} then {@link #sync}. Returns the offsets written through.
     */
    Map<TopicPartition, OffsetAndMetadata> write(ConsumerRecords<String, byte[]> records,
                                                 Predicate<TopicPartition> mayWrite, boolean owner) throws IOException {
        Unsynced unsynced = new Unsynced(owner);
        append(records, mayWrite, unsynced);
        return sync(unsynced);
    }

    /**
     * Writes the records of the partitions {@code mayWrite} accepts (asked while holding their
     * locks) to their stores, where they are searchable from now on, and notes in {@code unsynced}
     * what {@link #sync} must still make durable. Kafka holds every acknowledged record until the
     * group's offsets pass it, so until then a crash costs only the time to read them again: the
     * stores skip what they already hold.
     */
    void append(ConsumerRecords<String, byte[]> records, Predicate<TopicPartition> mayWrite, Unsynced unsynced)
            throws IOException {
        Map<Integer, TopicPartition> partitions = new TreeMap<>(); // locks taken in one order
        records.partitions().forEach(tp -> partitions.put(tp.partition(), tp));
        List<ReentrantLock> held = lock(partitions.keySet());
        try {
            appendLocked(records, partitions, mayWrite, unsynced);
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    /**
     * Syncs the stores {@code unsynced} names, records their writes in the oplog, checkpoints their
     * partitions and returns the offsets now durable here (for the group's commit); {@code unsynced}
     * is empty afterwards.
     */
    Map<TopicPartition, OffsetAndMetadata> sync(Unsynced unsynced) throws IOException {
        if (unsynced.commits.isEmpty()) {
            return Map.of();
        }
        Set<Integer> partitions = new TreeSet<>();
        unsynced.commits.keySet().forEach(tp -> partitions.add(tp.partition()));
        List<ReentrantLock> held = lock(partitions);
        try {
            for (StoreKey key : unsynced.stores.keySet()) {
                indexes.syncIfOpen(key); // closed or deleted since the append: nothing to sync
            }
            for (Map.Entry<StoreKey, Appended> entry : unsynced.stores.entrySet()) {
                Appended done = entry.getValue();
                if (done.written > 0 && indexes.exists(entry.getKey().index(), entry.getKey().partition())) {
                    oplog.record(OplogAction.WRITTEN, entry.getKey().index(), entry.getKey().partition(), done.firstOffset,
                            done.lastOffset, (long) done.written, unsynced.owner ? null : "standby");
                }
            }
            for (Map.Entry<TopicPartition, OffsetAndMetadata> commit : unsynced.commits.entrySet()) {
                checkpoints.write(commit.getKey().partition(), commit.getValue().offset());
            }
            Map<TopicPartition, OffsetAndMetadata> durable = Map.copyOf(unsynced.commits);
            unsynced.clear();
            return durable;
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    private List<ReentrantLock> lock(Set<Integer> sortedPartitions) {
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (int p : sortedPartitions) {
                ReentrantLock lock = locks.computeIfAbsent(p, k -> new ReentrantLock());
                lock.lock();
                held.add(lock);
            }
            return held;
        } catch (RuntimeException e) {
            held.forEach(ReentrantLock::unlock);
            throw e;
        }
    }

    private void appendLocked(ConsumerRecords<String, byte[]> records, Map<Integer, TopicPartition> partitions,
                              Predicate<TopicPartition> mayWrite, Unsynced unsynced) throws IOException {
        Map<StoreKey, List<ConsumerRecord<String, byte[]>>> byStore = new LinkedHashMap<>();
        Map<TopicPartition, Long> through = new HashMap<>();
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
            through.put(partition, next);
        }
        for (Map.Entry<StoreKey, List<ConsumerRecord<String, byte[]>>> entry : byStore.entrySet()) {
            StoreKey key = entry.getKey();
            Appended done = indexes.write(key.index(), key.partition(), store -> appendTo(entry.getValue(), store));
            unsynced.stores.computeIfAbsent(key, k -> new Appended()).add(done);
            count += done.logs;
        }
        for (Map.Entry<TopicPartition, Long> partition : through.entrySet()) {
            unsynced.commits.put(partition.getKey(), new OffsetAndMetadata(partition.getValue()));
            // searchable here now, for refresh=wait_for on the owner and on its standbys alike
            progress.advance(partition.getKey().partition(), partition.getValue());
        }
        if (unsynced.owner) {
            rate.indexed(count);
        }
    }

    /**
     * What a consumer has appended since its last {@link #sync}: the stores to sync (with their
     * writes, for the oplog) and each partition's next offset, to checkpoint and commit once synced.
     * One per consumer thread; not thread-safe.
     */
    static final class Unsynced {
        private final boolean owner;
        private final Map<StoreKey, Appended> stores = new LinkedHashMap<>(); // the oplog in the order of appends
        private final Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        private long since;

        /** @param owner true for the partitions' owner (its oplog entries say so, and it counts in the ingest rate) */
        Unsynced(boolean owner) {
            this.owner = owner;
        }

        boolean isEmpty() {
            return commits.isEmpty();
        }

        /** Nanoseconds since the oldest append not yet synced (0 when there is none). */
        long ageNanos() {
            if (commits.isEmpty()) {
                since = 0;
                return 0;
            }
            if (since == 0) {
                since = System.nanoTime();
            }
            return System.nanoTime() - since;
        }

        private void clear() {
            stores.clear();
            commits.clear();
            since = 0;
        }
    }

    /**
     * Logs handed to a store in one call, about: a poll's records are turned into logs a few
     * groups at a time, as they are appended. Turned all at once, the logs of a whole poll (a
     * hundred thousand and more, each with its fields) were alive together, and every young
     * collection meanwhile copied them.
     */
    private static final int APPEND_LOGS = 1000;

    /** What {@link #appendTo} did: logs read, logs written (not replays), offsets of the first and last record with logs. */
    private static final class Appended {
        long logs;
        int written;
        long firstOffset = -1;
        long lastOffset = -1;

        /** Adds what a later append to the same store did. */
        void add(Appended later) {
            logs += later.logs;
            written += later.written;
            if (later.firstOffset >= 0) {
                firstOffset = firstOffset < 0 ? later.firstOffset : Math.min(firstOffset, later.firstOffset);
                lastOffset = Math.max(lastOffset, later.lastOffset);
            }
        }
    }

    private static Appended appendTo(List<ConsumerRecord<String, byte[]>> records, IndexStore store)
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
