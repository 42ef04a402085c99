package org.observer.oplog;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.observer.api.InvalidRequestException;
import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;
import org.observer.api.OplogService;
import org.observer.config.ObserverConfig;
import org.observer.kafka.KafkaFollower;
import org.observer.kafka.KafkaSettings;
import org.observer.kafka.KafkaTopics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies the {@code observer.oplog} topic into this node's append-only archive under
 * {@code <data>/oplog/} ({@link BlobLog}), and reads it back. The archive is its own position: it
 * resumes after the last sequence (topic offset) it holds, so a crash neither loses nor repeats an
 * entry. It runs on a container-managed thread of its own (the managed executor's threads carry
 * the processors' endless loops).
 */
@Singleton
@Startup
@LocalBean
@Local(OplogService.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OplogArchiver implements OplogService {

    private static final Logger LOG = Logger.getLogger(OplogArchiver.class.getName());
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final int MAX_SIZE = 10_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    @Inject
    Event<OplogCaughtUp> caughtUpEvent;

    @Inject
    DeletedIndexes deleted;

    private BlobLog archive;
    private final KafkaFollower follower = new KafkaFollower("observer-oplog-archiver", LOG,
            "Archiving the oplog failed; resuming after the last archived entry", () -> {
                KafkaTopics.ensure(config);
                archive();
            });
    /** Set once the archive has reached the topic's end as of start-up. */
    private volatile boolean caughtUp;

    @PostConstruct
    void start() {
        try {
            archive = BlobLog.open(config.oplogDir(), MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the oplog archive in " + config.oplogDir(), e);
        }
        try {
            archive.scan(Long.MIN_VALUE, Long.MAX_VALUE, record -> {
                learn(record.sequence(), record.payload());
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the oplog archive in " + config.oplogDir(), e);
        }
        follower.start(threads);
    }

    @PreDestroy
    void stop() {
        follower.stop(false);
        try {
            archive.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Closing the oplog archive failed", e);
        }
    }

    private void archive() throws IOException {
        TopicPartition oplog = new TopicPartition(ObserverConfig.OPLOG_TOPIC, 0);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaSettings.reader(config, "observer-oplog-archiver"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            follower.follow(c);
            c.assign(List.of(oplog));
            c.seek(oplog, archive.lastSequence() + 1);
            long startEnd = caughtUp ? -1 : c.endOffsets(List.of(oplog), Duration.ofSeconds(10)).get(oplog);
            follower.answered();
            while (follower.running()) {
                List<BlobRecord> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        batch.add(new BlobRecord(record.offset(), record.timestamp(), record.value()));
                        learn(record.offset(), record.value());
                    }
                }
                if (!batch.isEmpty()) {
                    archive.append(batch);
                }
                if (!caughtUp && c.position(oplog) >= startEnd) {
                    caughtUp = true;
                    Map<String, Map<Integer, OplogAction>> last = lastActions();
                    LOG.info(() -> "Oplog archive caught up: " + last.size() + " indexes named in it");
                    deleted.caughtUp();
                    caughtUpEvent.fire(new OplogCaughtUp(last));
                }
            }
        }
    }

    /** Notes what the cluster must know of an entry (deletes), from the archive or the topic. */
    private void learn(long sequence, byte[] payload) {
        try {
            deleted.record(OplogCodec.decode(sequence, payload));
        } catch (IllegalArgumentException e) {
            // not readable: skip
        }
    }

    /**
     * The last action of this node the archive records for every store (index and partition) it
     * names. An entry without a partition (written before stores were kept per partition) counts
     * only when it is a delete: it covers every partition of the index.
     */
    public Map<String, Map<Integer, OplogAction>> lastActions() throws IOException {
        Map<String, Map<Integer, OplogAction>> last = new HashMap<>();
        archive.scan(Long.MIN_VALUE, Long.MAX_VALUE, record -> {
            try {
                OplogEntry entry = OplogCodec.decode(record.sequence(), record.payload());
                if (entry.node().equals(config.nodeName()) && !entry.index().isEmpty()) { // "": a partition's own entries
                    Map<Integer, OplogAction> byPartition = last.computeIfAbsent(entry.index(), i -> new HashMap<>());
                    if (entry.partition() != null) {
                        byPartition.put(entry.partition(), entry.action());
                    } else if (entry.action() == OplogAction.DELETED) {
                        byPartition.replaceAll((partition, action) -> OplogAction.DELETED);
                    }
                }
            } catch (IllegalArgumentException e) {
                // not readable: skip
            }
            return true;
        });
        return last;
    }

    @Override
    public List<OplogEntry> read(String index, long from, long to, int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidRequestException("size is " + size + ": use 1.." + MAX_SIZE);
        }
        List<OplogEntry> entries = new ArrayList<>();
        try {
            int damaged = archive.scan(from, to, record -> {
                OplogEntry entry;
                try {
                    entry = OplogCodec.decode(record.sequence(), record.payload());
                } catch (IllegalArgumentException e) {
                    LOG.fine(() -> "Oplog entry " + record.sequence() + " is not readable: " + e.getMessage());
                    return true;
                }
                if (index == null || index.equals(entry.index())) {
                    entries.add(entry);
                }
                return entries.size() < size;
            });
            if (damaged > 0) {
                LOG.warning(() -> "Skipped " + damaged + " damaged frame(s) of the oplog archive");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the oplog archive failed", e);
        }
        return entries;
    }

    /**
     * The first ingest offset the archive records for {@code index} in {@code partition} (its first
     * WRITTEN entry since it was last deleted), or -1: where a rebuild starts reading.
     */
    public long firstWrittenOffset(String index, int partition) {
        long[] first = {-1};
        try {
            archive.scan(Long.MIN_VALUE, Long.MAX_VALUE, record -> {
                try {
                    OplogEntry entry = OplogCodec.decode(record.sequence(), record.payload());
                    boolean samePartition = entry.partition() == null || entry.partition() == partition;
                    if (index.equals(entry.index()) && entry.node().equals(config.nodeName()) && samePartition) {
                        if (entry.action() == OplogAction.DELETED) {
                            first[0] = -1; // what came before was deleted with it
                        } else if (entry.action() == OplogAction.WRITTEN && first[0] < 0 && entry.fromOffset() != null) {
                            first[0] = entry.fromOffset();
                        }
                    }
                } catch (IllegalArgumentException e) {
                    // not readable: skip
                }
                return true;
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Reading the oplog archive failed; rebuilding " + index + " from the topic's start", e);
            return -1;
        }
        return first[0];
    }
}
