package org.observer.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.observer.api.ServiceUnavailableException;
import org.observer.config.ObserverConfig;
import org.observer.ingest.KafkaFollower;
import org.observer.ingest.KafkaSettings;
import org.observer.ingest.KafkaTopics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The index templates, ILM policies and ingest pipelines clients installed through the
 * Elasticsearch-compatible API, by {@code kind/name}, shared by every node through the compacted
 * topic {@code observer.templates}: each node reads all of it on a thread of its own; a write is
 * answered once this node has read it back, so the installing client's next request sees it on
 * this node (and on the others within a poll). They survive restarts with the topic.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class TemplateStore {

    private static final Logger LOG = Logger.getLogger(TemplateStore.class.getName());
    /** How long a read waits for the topic's history when the node has just started. */
    private static final long REPLAY_WAIT_MS = 5_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    private final Map<String, String> installed = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    /** The next offset to read. */
    private long position;
    /** True once the history present when this node started has been read. */
    private boolean replayed;
    private KafkaProducer<String, byte[]> producer;
    private final KafkaFollower follower = new KafkaFollower("observer-templates", LOG,
            "Reading " + ObserverConfig.TEMPLATES_TOPIC + " failed; retrying", () -> {
                KafkaTopics.ensure(config);
                follow();
            });

    @PostConstruct
    void start() {
        producer = new KafkaProducer<>(KafkaSettings.metadataProducer(config, "observer-templates-" + config.nodeName()),
                new StringSerializer(), new ByteArraySerializer());
        follower.start(threads);
    }

    @PreDestroy
    void stop() {
        follower.stop(false);
        producer.close(Duration.ofSeconds(5));
    }

    /** The body installed under {@code key} ({@code kind/name}), or null. */
    public String get(String key) {
        awaitReplayed();
        return installed.get(key);
    }

    /** Everything installed, by key. */
    public Map<String, String> all() {
        awaitReplayed();
        return new TreeMap<>(installed);
    }

    /**
     * Installs (or replaces) {@code body} under {@code key}, for every node.
     *
     * @throws ServiceUnavailableException if Kafka did not take it
     */
    public void put(String key, String body) {
        write(key, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes what is installed under {@code key}, for every node; false if nothing was. */
    public boolean remove(String key) {
        if (get(key) == null) {
            return false;
        }
        write(key, null);
        return true;
    }

    private void write(String key, byte[] value) {
        try {
            long offset = producer.send(new ProducerRecord<>(ObserverConfig.TEMPLATES_TOPIC, 0, key, value))
                    .get(15, TimeUnit.SECONDS).offset();
            awaitPosition(offset + 1, 15_000);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new ServiceUnavailableException("Kafka did not take the change to " + key + " in time: retry later", 5,
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while installing " + key, 5, e);
        }
    }

    private void awaitPosition(long wanted, long timeoutMs) throws InterruptedException, TimeoutException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (progress) {
            while (position < wanted) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new TimeoutException("the change was written but not read back within " + timeoutMs + " ms");
                }
                progress.wait(left);
            }
        }
    }

    private void awaitReplayed() {
        long deadline = System.currentTimeMillis() + REPLAY_WAIT_MS;
        synchronized (progress) {
            while (!replayed) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return; // Kafka slow or down: answer with what is known
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void follow() {
        TopicPartition topic = new TopicPartition(ObserverConfig.TEMPLATES_TOPIC, 0);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
                KafkaSettings.reader(config, "observer-templates-reader-" + config.nodeName()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            follower.follow(c);
            c.assign(List.of(topic));
            long from;
            synchronized (progress) {
                from = position;
            }
            c.seek(topic, from);
            long end = c.endOffsets(List.of(topic), Duration.ofSeconds(10)).get(topic);
            follower.answered();
            if (end < from) { // the topic was made anew: read it again from its start
                installed.clear();
                c.seekToBeginning(List.of(topic));
                synchronized (progress) {
                    position = 0;
                }
            }
            while (follower.running()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    if (record.key() != null) {
                        if (record.value() == null) {
                            installed.remove(record.key());
                        } else {
                            installed.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
                        }
                    }
                }
                long next = c.position(topic);
                synchronized (progress) {
                    position = next;
                    replayed |= next >= end;
                    progress.notifyAll();
                }
            }
        }
    }
}
