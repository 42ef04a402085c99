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
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.observer.api.ObserverException;
import org.observer.api.OplogAction;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexManager;
import org.observer.kafka.KafkaSettings;
import org.observer.kafka.KafkaTopics;
import org.observer.oplog.DeletedIndexes;
import org.observer.oplog.Oplog;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consumes {@code observer.ingest} (group {@code observer-processors}) on managed threads and writes
 * every log to the store of its index and partition. The group decides which node owns which
 * partition; members are static ({@code group.instance.id} = node name and thread), so a node that
 * restarts within the session timeout gets its partitions back without a rebalance.
 *
 * <p>Positions: a partition is read from this node's own checkpoint ({@link PartitionCheckpoints}),
 * or from its start when this node never held it: the new owner of a dead node's partition
 * rebuilds its stores from the log. Checkpoints and group offsets advance only after the stores are
 * synced, and stores skip offsets they already hold, so a crash at any point neither loses nor
 * duplicates a log. A partition is served (searched) only once it has caught up to where the
 * partition ended when it was assigned.
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

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    @Inject
    IndexManager indexes;

    @Inject
    IngestProgress progress;

    @Inject
    Oplog oplog;

    @Inject
    PartitionOwnership ownership;

    @Inject
    DeletedIndexes deleted;

    @Inject
    LogWriter writer;

    @Inject
    PartitionRoles roles;

    private volatile boolean running;
    private volatile boolean topicsReady;
    private final Map<Integer, KafkaConsumer<String, byte[]>> consumers = new ConcurrentHashMap<>();
    /** Threads whose consumer has joined the group (with or without partitions). */
    private final Set<Integer> joined = ConcurrentHashMap.newKeySet();
    private PartitionCheckpoints checkpoints;
    private CountDownLatch stopped;
    private Thread ticker;

    @PostConstruct
    void start() {
        running = true;
        checkpoints = writer.checkpoints();
        try {
            PartitionCheckpoints.markUpgrade(config.partitionsDir(), !indexes.allStores().isEmpty());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot use " + config.partitionsDir(), e);
        }
        ticker = threads.newThread(this::tick);
        ticker.setName("observer-ownership-ticker");
        ticker.setDaemon(true);
        ticker.start();
        int count = config.processorThreads();
        stopped = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int thread = i;
            executor.submit(() -> run(thread));
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        consumers.values().forEach(KafkaConsumer::wakeup);
        ticker.interrupt();
        try {
            if (!stopped.await(15, TimeUnit.SECONDS)) {
                LOG.warning("Processor threads did not stop within 15 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * True once the topics exist, every processor thread has joined the group, and every partition
     * assigned to this node has caught up (so a search right after start-up is complete).
     */
    public boolean isReady() {
        return notReadyBecause().isEmpty();
    }

    /** Why {@link #isReady()} is false; empty when it is true. */
    public String notReadyBecause() {
        if (!running) {
            return "stopping";
        }
        if (!topicsReady) {
            return "the topics are not there yet";
        }
        if (joined.size() != config.processorThreads()) {
            return joined.size() + " of " + config.processorThreads() + " processors joined the group";
        }
        Set<Integer> assigned = ownership.assigned();
        Set<Integer> owned = ownership.owned();
        return assigned.equals(owned) ? "" : "partitions " + assigned + " assigned, only " + owned + " caught up";
    }

    private void tick() {
        while (running) {
            ownership.tick();
            try {
                Thread.sleep(PartitionOwnership.TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void run(int thread) {
        try {
            while (running) {
                try {
                    if (!topicsReady) {
                        KafkaTopics.ensure(config);
                        topicsReady = true;
                    }
                    deleted.awaitCaughtUp();
                    adoptGroupOffsetsOnce();
                    consume(thread);
                } catch (WakeupException e) {
                    // stop() woke us
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (FencedInstanceIdException e) {
                    if (running) {
                        LOG.warning(() -> "Processor " + thread + ": another process uses this node's name "
                                + config.nodeName() + " in the group; retrying in 5 s");
                        sleep(5000);
                    }
                } catch (ObserverException e) {
                    if (running) {
                        // an expected pause (an index being rebuilt or restored): no stack trace every second
                        LOG.warning(() -> "Processor " + thread + " waits: " + e.getMessage());
                        sleep(1000);
                    }
                } catch (Exception e) {
                    if (running) {
                        LOG.log(Level.WARNING, "Processor " + thread + " failed; resuming from this node's checkpoints", e);
                        sleep(1000);
                    }
                } finally {
                    joined.remove(thread);
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /**
     * A data directory written before stores were kept per partition has no checkpoints, but its
     * node was then the only one, so the group's committed offsets are exactly what its stores hold:
     * they become the checkpoints, once.
     */
    private synchronized void adoptGroupOffsetsOnce() throws Exception {
        if (!checkpoints.upgradePending()) {
            return;
        }
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ObserverConfig.PROCESSOR_GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getKey().topic().equals(ObserverConfig.INGEST_TOPIC) && entry.getValue() != null
                        && checkpoints.read(entry.getKey().partition()).isEmpty()) {
                    checkpoints.write(entry.getKey().partition(), entry.getValue().offset());
                }
            }
            LOG.info(() -> "Took the group's committed offsets as this node's checkpoints: " + committed);
        }
        checkpoints.upgradeDone();
    }

    /** One consumer's life: until the node stops, an error, or a freeze that may have cost its partitions. */
    private void consume(int thread) throws Exception {
        long freezes = ownership.freezes();
        Map<TopicPartition, Long> catchingUp = new ConcurrentHashMap<>();
        Set<TopicPartition> mine = ConcurrentHashMap.newKeySet();
        Map<String, Object> settings = KafkaSettings.consumer(config, thread);
        // ours first; range while a node of an older version, which knows no other, is in the group
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                List.of(LoadAwareAssignor.class, org.apache.kafka.clients.consumer.RangeAssignor.class));
        settings.put(LoadAwareAssignor.CONTEXT, roles);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings,
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            consumers.put(thread, consumer);
            consumer.subscribe(List.of(ObserverConfig.INGEST_TOPIC), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    release(partitions, mine, catchingUp, true);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    release(partitions, mine, catchingUp, false);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    joined.add(thread);
                    if (!partitions.isEmpty()) {
                        take(consumer, partitions, mine, catchingUp);
                    }
                }
            });
            while (running && ownership.freezes() == freezes) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    Map<TopicPartition, OffsetAndMetadata> done = writer.write(records, mine::contains, true);
                    if (!done.isEmpty()) {
                        try {
                            consumer.commitSync(done);
                        } catch (CommitFailedException | RebalanceInProgressException e) {
                            // The group moved on (this member was fenced): the stores and checkpoints
                            // are still right for this node; the partitions' new owners carry on.
                            LOG.info(() -> "Processor " + thread + ": commit refused (" + e.getMessage() + "); rejoining");
                        }
                    }
                }
                servedOnceCaughtUp(consumer, catchingUp);
            }
            if (ownership.freezes() != freezes) {
                LOG.warning(() -> "Processor " + thread + ": this node was frozen longer than the group's session;"
                        + " dropping its partitions and rejoining");
            }
        } finally {
            consumers.remove(thread);
            release(List.copyOf(mine), mine, catchingUp, ownership.freezes() == freezes);
            // A static member stays in the group when it closes (so a quick restart keeps its
            // partitions); a node that stops on purpose leaves, so the others take over at once.
            consumer.close(running ? CloseOptions.timeout(Duration.ofSeconds(5))
                    : CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    /** Seeks each new partition to this node's checkpoint (or its start) and notes where it must catch up to. */
    private void take(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> partitions,
                      Set<TopicPartition> mine, Map<TopicPartition, Long> catchingUp) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        for (TopicPartition partition : partitions) {
            int p = partition.partition();
            // under the partition's lock: from here on this node's standby copy stops writing it
            writer.locked(p, () -> {
                mine.add(partition);
                ownership.assigned(p);
                writer.discardDeleted(p);
                OptionalLong checkpoint = checkpoints.read(p);
                long start = starts.getOrDefault(partition, 0L);
                long from = checkpoint.isPresent() ? Math.max(checkpoint.getAsLong(), start) : start;
                if (checkpoint.isPresent() && checkpoint.getAsLong() < start) {
                    LOG.warning(() -> "Partition " + p + ": this node's checkpoint " + checkpoint.getAsLong()
                            + " is past the topic's retention (it starts at " + start + "); the logs between are not on this node");
                }
                consumer.seek(partition, from);
                long end = ends.getOrDefault(partition, 0L);
                boolean promoted = checkpoint.isPresent() && roles.wasStandby(p);
                LOG.info(() -> "Partition " + p + " assigned to this node: reading from offset " + from + " to catch up to " + end
                        + (promoted ? " (its standby copy here: promoted)"
                        : checkpoint.isPresent() ? " (this node's checkpoint)" : " (its start: this node never held it)"));
                catchingUp.put(partition, end);
                oplog.record(promoted ? OplogAction.PROMOTED : OplogAction.ASSIGNED, "", p, from, end, null, null);
            });
        }
    }

    private void servedOnceCaughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> catchingUp) {
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition);
            Long target = catchingUp.get(partition);
            if (target != null && position >= target) {
                catchingUp.remove(partition);
                ownership.serving(partition.partition());
                progress.advance(partition.partition(), position);
                LOG.info(() -> "Partition " + partition.partition() + " caught up at offset " + position + ": serving it");
            }
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                ownership.lag(partition.partition(), lag.getAsLong());
            }
        }
    }

    /**
     * {@code handOver}: the partitions were given up in order (revoked, or this consumer closed), so
     * what this node served of them answers searches until another copy takes over; otherwise
     * (lost, or after a freeze) another node may own them already and nothing answers for them here.
     */
    private void release(Collection<TopicPartition> partitions, Set<TopicPartition> mine,
                         Map<TopicPartition, Long> catchingUp, boolean handOver) {
        for (TopicPartition partition : partitions) {
            if (mine.contains(partition)) {
                oplog.record(OplogAction.REVOKED, "", partition.partition(), null, null, null, null);
            }
            if (handOver) {
                ownership.revoked(partition.partition());
            } else {
                ownership.lost(partition.partition());
            }
            progress.forget(partition.partition());
            mine.remove(partition);
            catchingUp.remove(partition);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
