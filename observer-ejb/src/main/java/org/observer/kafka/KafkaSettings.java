package org.observer.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.observer.config.ObserverConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Kafka client settings of the node, in one place. */
public final class KafkaSettings {

    private static final int LINGER_MS = 5;

    static {
        // Kafka's config classes load some defaults by class name through the thread's context class
        // loader, once, when first used; a client first made on a container thread whose loader is not
        // the application's (the readiness probe, served while the application deploys) would break
        // them for the life of the process. Every client is made with settings from here: load them now.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaSettings.class.getClassLoader());
        try {
            ProducerConfig.configNames();
            ConsumerConfig.configNames();
            AdminClientConfig.configNames();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private KafkaSettings() {
    }

    /** Idempotent, acks=all; gives up within the ack timeout so a request never hangs. */
    public static Map<String, Object> producer(ObserverConfig config) {
        int ackTimeout = config.ackTimeoutMs();
        Map<String, Object> props = common(config, "observer-ingest");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // zstd level 1 (native, zstd-jni): lz4 is pure Java here (lz4-java 1.10's safe compressor) and
        // took 11% of the HTTP threads and 6% of the processors'; zstd-1 does not show in their
        // profile, and its records take 32 instead of 51 bytes per loghub line on the broker's disk
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        props.put(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, 1);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(2 * 1024 * 1024, config.maxDocumentBytes() * 2));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, ackTimeout - LINGER_MS));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(500, ackTimeout - LINGER_MS) + LINGER_MS);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    /**
     * Manual commits only: offsets are committed after the indexed data is durable. The processors
     * add their partition assignor.
     */
    public static Map<String, Object> consumer(ObserverConfig config, int thread) {
        Map<String, Object> props = common(config, "observer-processor-" + thread);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, ObserverConfig.PROCESSOR_GROUP);
        // Static membership: a node restarted within the session timeout gets its partitions back
        // without a rebalance, and a woken zombie with the same name is fenced by the broker. The
        // thread comes first: the assignor orders members by this id, so partitions go to every
        // node's first consumer before any node's second ("0.a", "0.b", "0.c", "1.a", ...).
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, thread + "." + config.nodeName());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "observer-processor-" + thread + "." + config.nodeName());
        readLikeTheProcessors(props);
        // A node killed with -9 never leaves the group: its partitions wait for this timeout before
        // going to the restarted node (Kafka's default, 45 s, would dominate restart time).
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return props;
    }

    /**
     * The standby copies' consumer: no group (it is assigned its partitions by hand and starts from
     * this node's checkpoints), otherwise read as the processors read.
     */
    public static Map<String, Object> standbyConsumer(ObserverConfig config) {
        Map<String, Object> props = common(config, "observer-standby." + config.nodeName());
        readLikeTheProcessors(props);
        return props;
    }

    /** How logs are read to be indexed: committed records only, in big batches, offsets handled by hand. */
    private static void readLikeTheProcessors(Map<String, Object> props) {
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    }

    /**
     * The oplog's producer: idempotent and acks=all like ingest, but it keeps entries through a
     * broker outage of up to two minutes, and blocks a caller at most a second for metadata.
     */
    public static Map<String, Object> oplogProducer(ObserverConfig config) {
        Map<String, Object> props = common(config, "observer-oplog");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    /**
     * Node announcements: small, sent every two seconds and soon stale, so a send waits at most a
     * second for metadata and gives up within two intervals instead of queueing behind an outage.
     */
    public static Map<String, Object> announcer(ObserverConfig config) {
        Map<String, Object> props = common(config, "observer-announcer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    /** Rare, small writes a client waits for (installed templates): acknowledged by every replica, never queued for long. */
    public static Map<String, Object> metadataProducer(ObserverConfig config, String clientId) {
        Map<String, Object> props = common(config, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        return props;
    }

    /**
     * A consumer that reads partitions it assigns itself from positions it keeps itself (the oplog
     * archive, index rebuilds): no group, no commits.
     */
    public static Map<String, Object> reader(ObserverConfig config, String clientId) {
        Map<String, Object> props = common(config, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    public static Map<String, Object> admin(ObserverConfig config) {
        Map<String, Object> props = common(config, "observer-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return props;
    }

    private static Map<String, Object> common(ObserverConfig config, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
