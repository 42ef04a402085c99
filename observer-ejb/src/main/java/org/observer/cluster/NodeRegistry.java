package org.observer.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.observer.api.ClusterInfo;
import org.observer.api.ClusterService;
import org.observer.config.ObserverConfig;
import org.observer.kafka.KafkaFollower;
import org.observer.kafka.KafkaSettings;
import org.observer.kafka.KafkaTopics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The nodes of the cluster as this node sees them. It reads {@code observer.nodes} from the start
 * (no consumer group: every node reads all of it) on a container-managed thread of its own, keeps
 * every node's latest announcement, and every {@link NodeStates#INTERVAL_MS} asks Kafka who is in
 * the processors' consumer group. The state rules are in {@link NodeStates}.
 *
 * <p>Usable from the start: this node's own entry is filled from local figures before Kafka
 * answers, and kept fresh by {@link NodeAnnouncer}. A node DOWN and not heard from for
 * {@link NodeStates#FORGET_AFTER_MS} leaves the view (its last announcement stays in the compacted
 * topic, and is forgotten again on replay).
 */
@Singleton
@Startup
@LocalBean
@Local(ClusterService.class)
@DependsOn("IndexManager")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class NodeRegistry implements ClusterService {

    private static final Logger LOG = Logger.getLogger(NodeRegistry.class.getName());
    private static final long PARTITION_COUNT_REFRESH_MS = 60_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    @Inject
    LocalNode local;

    private NodeTable table;
    private volatile boolean topicReady;
    private volatile int partitionCount = -1;
    private final AtomicBoolean membershipPending = new AtomicBoolean();
    private final AtomicBoolean countPending = new AtomicBoolean();
    private final KafkaFollower follower = new KafkaFollower("observer-node-registry", LOG,
            "Reading " + ObserverConfig.NODES_TOPIC + " failed; retrying", () -> {
                KafkaTopics.ensure(config);
                topicReady = true;
                follow();
            });

    @PostConstruct
    void start() {
        table = new NodeTable(config.nodeName());
        table.local(local.announcement(), System.currentTimeMillis());
        follower.start(threads);
    }

    @PreDestroy
    void stop() {
        follower.stop(false);
    }

    /** This node's name. */
    /** Partitions of observer.ingest, as Kafka last said (the setting until it has). */
    public int partitionCount() {
        int count = partitionCount;
        return count > 0 ? count : config.ingestPartitions();
    }

    public String self() {
        return table.self();
    }

    /** Every known node with its state now, this one included, sorted by name. */
    public List<NodeView> nodes() {
        return table.views(System.currentTimeMillis());
    }

    public Optional<NodeView> node(String name) {
        return nodes().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /**
     * The node serving each partition of observer.ingest now, from the partitions UP and SUSPECT
     * nodes announce (when two claim one, the latest announcement wins); a partition no such node
     * announces is absent.
     */
    public Map<Integer, NodeView> ownersByPartition() {
        return NodeTable.owners(nodes());
    }

    @Override
    public ClusterInfo cluster() {
        return ClusterReport.of(nodes(), partitionCount, config.ingestPartitions());
    }

    /** Takes this node's latest own announcement (the announcer calls it every interval). */
    public void announced(NodeAnnouncement own) {
        table.local(own, System.currentTimeMillis());
    }

    /** True once observer.nodes exists (the announcer waits for it, so that Kafka never auto-creates it uncompacted). */
    public boolean topicReady() {
        return topicReady;
    }

    private void follow() {
        TopicPartition nodes = new TopicPartition(ObserverConfig.NODES_TOPIC, 0);
        try (Admin admin = Admin.create(KafkaSettings.admin(config));
             KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                     KafkaSettings.reader(config, "observer-node-registry-" + config.nodeName()),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            follower.follow(c);
            c.assign(List.of(nodes));
            c.seekToBeginning(List.of(nodes));
            long replayEnd = c.endOffsets(List.of(nodes), Duration.ofSeconds(10)).get(nodes);
            follower.answered();
            if (replayEnd <= table.lastOffset()) {
                table.resetOffsets(); // the topic was deleted and made anew: its offsets start again
            }
            long nextMembership = 0;
            long nextCount = 0;
            while (follower.running()) {
                long now = System.currentTimeMillis();
                if (now >= nextMembership) {
                    describeGroup(admin);
                    nextMembership = now + NodeStates.INTERVAL_MS;
                }
                if (now >= nextCount) {
                    countPartitions(admin);
                    nextCount = now + (partitionCount < 0 ? NodeStates.INTERVAL_MS : PARTITION_COUNT_REFRESH_MS);
                }
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    long received = System.currentTimeMillis();
                    if (record.offset() < replayEnd) {
                        received = NodeStates.replayedReceipt(record.timestamp(), received);
                    }
                    take(record, received);
                }
            }
        }
    }

    private void take(ConsumerRecord<String, byte[]> record, long receivedAt) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            table.removed(record.key(), record.offset());
            return;
        }
        try {
            NodeAnnouncement a = NodeAnnouncementCodec.decode(record.value());
            if (!table.received(record.key(), a, record.offset(), receivedAt) && !a.name().equals(record.key())) {
                LOG.warning(() -> "Ignoring an announcement of node " + a.name() + " under key " + record.key());
            }
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "Ignoring the announcement at offset " + record.offset() + " of " + ObserverConfig.NODES_TOPIC
                    + " (key " + record.key() + "): " + e.getMessage());
        }
    }

    /** Asks for the group's members without waiting: the answer lands on the admin client's thread. */
    private void describeGroup(Admin admin) {
        if (!membershipPending.compareAndSet(false, true)) {
            return;
        }
        String group = ObserverConfig.PROCESSOR_GROUP;
        admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).whenComplete((description, error) -> {
            membershipPending.set(false);
            if (error == null) {
                table.membership(membership(description, System.currentTimeMillis()));
            } else if (error instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                table.membership(new GroupMembership(List.of(), System.currentTimeMillis()));
            } else {
                LOG.fine(() -> "Describing the group " + group + " failed: " + error);
            }
        });
    }

    static GroupMembership membership(ConsumerGroupDescription description, long now) {
        return new GroupMembership(description.members().stream()
                .map(m -> new GroupMembership.Member(m.groupInstanceId().orElse(null), m.clientId()))
                .toList(), now);
    }

    private void countPartitions(Admin admin) {
        if (!countPending.compareAndSet(false, true)) {
            return;
        }
        String topic = ObserverConfig.INGEST_TOPIC;
        admin.describeTopics(List.of(topic)).allTopicNames().whenComplete((topics, error) -> {
            countPending.set(false);
            if (error == null && topics.containsKey(topic)) {
                partitionCount = topics.get(topic).partitions().size();
            }
        });
    }
}
