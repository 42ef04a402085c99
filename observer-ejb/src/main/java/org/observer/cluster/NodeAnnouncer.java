package org.observer.cluster;

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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.observer.config.ObserverConfig;
import org.observer.ingest.PartitionOwnership;
import org.observer.kafka.KafkaSettings;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@link NodeStates#INTERVAL_MS} publishes this node's announcement to {@code observer.nodes},
 * keyed by the node's name (the topic is compacted: it keeps each node's latest), and hands it to
 * the {@link NodeRegistry} as this node's own entry. A clean shutdown publishes a last announcement
 * with state {@code leaving}, which makes the others count this node DOWN at once (rather than a
 * tombstone: the node stays visible, DOWN, until it is forgotten). It runs on a container-managed
 * thread of its own: the managed executor's threads carry the processors' endless loops, and the
 * scheduled executor's may be busy sealing indexes, which must not delay an announcement.
 */
@Singleton
@Startup
@DependsOn("NodeRegistry")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class NodeAnnouncer {

    private static final Logger LOG = Logger.getLogger(NodeAnnouncer.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    @Inject
    LocalNode local;

    @Inject
    NodeRegistry registry;

    @Inject
    PartitionOwnership ownership;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile NodeAnnouncement last;
    /** Set once a failed send was logged as a warning, cleared by the next success. */
    private volatile boolean warned;
    private Thread thread;

    @PostConstruct
    void start() {
        thread = threads.newThread(this::run);
        thread.setName("observer-node-announcer");
        thread.start();
    }

    @PreDestroy
    void stop() {
        stopping.countDown();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leave();
    }

    private void run() {
        long next = System.currentTimeMillis();
        do {
            try {
                announce();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Announcing this node failed", e);
            }
            long now = System.currentTimeMillis();
            next += NodeStates.INTERVAL_MS;
            if (next < now) {
                next = now; // fell behind (a long pause): announce now, without catching up
            }
            try {
                // A change of the partitions served or copied is announced at once, not at the next
                // interval: searches on other nodes find a promoted partition's new owner sooner.
                while (now < next && !endHandovers() && !local.rolesChangedSince(last)) {
                    if (stopping.await(Math.min(ROLES_CHECK_MS, next - now), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    now = System.currentTimeMillis();
                }
                if (stopping.getCount() == 0) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            if (now < next) {
                next = now; // announced early: the interval restarts from here
            }
        } while (true);
    }

    /**
     * Ends this node's handovers of the partitions another live node serves now (it has caught
     * up): one whose announcement of it arrived after the handover began, since an older one may
     * come from the node the partition is leaving. True if one ended, which the others should
     * learn at once.
     */
    private boolean endHandovers() {
        if (ownership.handingOver().isEmpty()) {
            return false;
        }
        java.util.Set<Integer> servedElsewhere = new java.util.TreeSet<>();
        registry.ownersByPartition().forEach((partition, owner) -> {
            Long since = ownership.handingOverSince(partition);
            if (since != null && !owner.name().equals(config.nodeName()) && owner.receivedAt() > since) {
                servedElsewhere.add(partition);
            }
        });
        if (servedElsewhere.isEmpty()) {
            return false;
        }
        ownership.servedElsewhere(servedElsewhere);
        LOG.info(() -> "Partitions " + servedElsewhere + " are served by another node now: no longer answered from here");
        return true;
    }

    /** How often the served and copied partitions are compared with the last announcement. */
    private static final long ROLES_CHECK_MS = 100;

    private void announce() {
        NodeAnnouncement a = local.announcement();
        last = a;
        registry.announced(a);
        if (producer == null) {
            if (!registry.topicReady()) {
                return; // not before observer.nodes exists with its settings
            }
            producer = new KafkaProducer<>(KafkaSettings.announcer(config), new StringSerializer(), new ByteArraySerializer());
        }
        producer.send(record(a), (metadata, error) -> {
            if (error == null) {
                warned = false;
            } else if (!warned) {
                warned = true; // one warning per outage
                LOG.warning(() -> "Announcing node " + a.name() + " to " + ObserverConfig.NODES_TOPIC + " failed: " + error);
            }
        });
    }

    /** The last word: state leaving, then the producer is closed. */
    private void leave() {
        KafkaProducer<String, byte[]> p = producer;
        NodeAnnouncement a = last;
        if (p == null || a == null) {
            return; // never announced: nothing to take back
        }
        NodeAnnouncement leaving = a.leavingAt(System.currentTimeMillis());
        try {
            registry.announced(leaving);
            p.send(record(leaving)).get(2, TimeUnit.SECONDS);
            LOG.info(() -> "Announced that node " + leaving.name() + " leaves");
        } catch (Exception e) {
            LOG.warning(() -> "Could not announce that this node leaves (the others will see it DOWN once its processors"
                    + " leave the group): " + e);
        } finally {
            p.close(Duration.ofSeconds(2));
        }
    }

    private static ProducerRecord<String, byte[]> record(NodeAnnouncement a) {
        return new ProducerRecord<>(ObserverConfig.NODES_TOPIC, 0, a.name(), NodeAnnouncementCodec.encode(a));
    }
}
