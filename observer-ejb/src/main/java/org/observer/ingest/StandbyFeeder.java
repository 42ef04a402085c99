package org.observer.ingest;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.observer.config.ObserverConfig;
import org.observer.kafka.KafkaFollower;
import org.observer.kafka.KafkaSettings;
import org.observer.oplog.DeletedIndexes;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Keeps this node's standby copies: one consumer, outside the group, assigned by hand the
 * partitions the leader's last allocation gives this node as standby (less those it owns), reading
 * each from this node's checkpoint and writing it exactly as its owner does. When one of them is
 * assigned to this node, its processor continues from that checkpoint: a promotion, not a replay.
 */
@Singleton
@Startup
@DependsOn("Processor")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class StandbyFeeder {

    private static final Logger LOG = Logger.getLogger(StandbyFeeder.class.getName());
    private static final Duration POLL = Duration.ofMillis(200);
    /** How often the copies are checked against deletes made on other nodes. */
    private static final long DELETES_CHECK_MS = 5_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    @Inject
    PartitionRoles roles;

    @Inject
    PartitionOwnership ownership;

    @Inject
    LogWriter writer;

    @Inject
    DeletedIndexes deleted;

    @Inject
    IngestProgress progress;

    private final KafkaFollower follower = new KafkaFollower("observer-standby", LOG,
            "Standby copies failed; resuming from this node's checkpoints", this::life);
    /** The partitions the consumer is assigned now. */
    private final Set<Integer> feeding = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        follower.start(threads);
    }

    @PreDestroy
    void stop() {
        follower.stop(true); // it may be waiting for the allocation to change
    }

    /** Waits until this node keeps standby copies, then follows them; what it fed is dropped when it ends. */
    private void life() throws Exception {
        try {
            if (roles.standby().isEmpty()) {
                roles.awaitChange(1000);
                return;
            }
            deleted.awaitCaughtUp();
            feed();
        } finally {
            for (int p : feeding) {
                dropped(p);
            }
            feeding.clear();
        }
    }

    /** One consumer's life: follows the allocation until the node stops or an error. */
    private void feed() throws Exception {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaSettings.standbyConsumer(config),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            follower.follow(c);
            long lastDeletesCheck = 0;
            while (follower.running()) {
                reconcile(c);
                if (feeding.isEmpty()) {
                    roles.awaitChange(1000);
                    continue;
                }
                if (System.currentTimeMillis() - lastDeletesCheck > DELETES_CHECK_MS && deleted.any()) {
                    for (int p : feeding) {
                        writer.locked(p, () -> {
                            if (!ownership.assigned().contains(p)) {
                                writer.discardDeleted(p);
                            }
                        });
                    }
                    lastDeletesCheck = System.currentTimeMillis();
                }
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                follower.answered();
                if (!records.isEmpty()) {
                    // a partition this node has begun to own is its processor's now
                    writer.write(records, tp -> feeding.contains(tp.partition())
                            && !ownership.assigned().contains(tp.partition()), false);
                }
                // a copy answers searches only while it holds all its partition held at its last fetch
                for (int p : feeding) {
                    java.util.OptionalLong lag = c.currentLag(new TopicPartition(ObserverConfig.INGEST_TOPIC, p));
                    ownership.copy(p, lag.isPresent() && lag.getAsLong() == 0);
                }
            }
        }
    }

    /** Assigns the consumer what the allocation wants, each new partition from this node's checkpoint. */
    private void reconcile(KafkaConsumer<String, byte[]> c) {
        Set<Integer> wanted = new TreeSet<>(roles.standby());
        wanted.removeAll(ownership.assigned());
        if (wanted.equals(feeding)) {
            return;
        }
        Set<TopicPartition> assignment = new java.util.HashSet<>();
        wanted.forEach(p -> assignment.add(new TopicPartition(ObserverConfig.INGEST_TOPIC, p)));
        Set<Integer> added = new TreeSet<>(wanted);
        added.removeAll(feeding);
        c.assign(assignment);
        for (int p : feeding) {
            if (!wanted.contains(p)) {
                dropped(p);
            }
        }
        feeding.retainAll(wanted);
        Map<TopicPartition, Long> starts = c.beginningOffsets(assignment);
        for (int p : added) {
            TopicPartition tp = new TopicPartition(ObserverConfig.INGEST_TOPIC, p);
            writer.locked(p, () -> writer.discardDeleted(p));
            OptionalLong checkpoint = writer.checkpoints().read(p);
            long start = starts.getOrDefault(tp, 0L);
            long from = checkpoint.isPresent() ? Math.max(checkpoint.getAsLong(), start) : start;
            c.seek(tp, from);
            feeding.add(p);
            ownership.copy(p, false);
            LOG.info(() -> "Partition " + p + ": keeping a standby copy here, from offset " + from
                    + (checkpoint.isPresent() ? " (this node's checkpoint)" : " (its start)"));
        }
    }

    /**
     * No longer copied here. Promoted (assigned here), it goes on answering as a copy until its
     * processor has caught up and serves it; otherwise, caught up, it is handed over (answers as
     * it stands until another copy takes over).
     */
    private void dropped(int partition) {
        if (!ownership.assigned().contains(partition)) {
            ownership.dropCopy(partition);
            progress.forget(partition);
        }
    }
}
