package org.observer.cluster;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
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
import org.observer.kafka.KafkaFollower;
import org.observer.kafka.KafkaSettings;
import org.observer.kafka.KafkaTopics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A map of strings shared by every node through a compacted topic of one partition: each node
 * reads all of it on a thread of its own; a write is answered once this node has read it back, so
 * the writer's next request sees it on this node (and on the others within a poll). It survives
 * restarts with the topic. A null value (a tombstone) removes a key.
 */
public final class CompactedMap {

    /** How long a read waits for the topic's history when the node has just started. */
    private static final long REPLAY_WAIT_MS = 5_000;
    /** Begins and ends the claim id in the key of a claim: {@code CLAIM id CLAIM key}. */
    private static final String CLAIM = "\u0000claim\u0000";

    private final ObserverConfig config;
    private final String topic;
    private final String client;
    private final Consumer<String> changed;
    private final Map<String, String> entries = new ConcurrentHashMap<>();
    /** Claims read that set their key (until their tombstone is read). */
    private final Set<String> wonClaims = ConcurrentHashMap.newKeySet();
    private final Object progress = new Object();
    /** The next offset to read. */
    private long position;
    /** True once the history present when this node started has been read. */
    private boolean replayed;
    private KafkaProducer<String, byte[]> producer;
    private final KafkaFollower follower;

    /**
     * @param client  the name of this node's Kafka clients for it (the node's name is added)
     * @param changed told the key of every entry read, on the reading thread
     */
    public CompactedMap(ObserverConfig config, String topic, String client, Logger log, Consumer<String> changed) {
        this.config = config;
        this.topic = topic;
        this.client = client + "-" + config.nodeName();
        this.changed = changed;
        this.follower = new KafkaFollower(client, log, "Reading " + topic + " failed; retrying", () -> {
            KafkaTopics.ensure(config);
            follow();
        });
    }

    public void start(ManagedThreadFactory threads) {
        producer = new KafkaProducer<>(KafkaSettings.metadataProducer(config, client), new StringSerializer(),
                new ByteArraySerializer());
        follower.start(threads);
    }

    public void stop() {
        follower.stop(false);
        producer.close(Duration.ofSeconds(5));
    }

    /** The value of {@code key}, or null. */
    public String get(String key) {
        awaitReplayed();
        return entries.get(key);
    }

    /** Every entry, by key. */
    public Map<String, String> all() {
        awaitReplayed();
        return new TreeMap<>(entries);
    }

    /** Waits up to {@code timeout} for what the topic held when this node started; true once it is read. */
    public boolean awaitReplayed(Duration timeout) {
        return awaitReplayed(timeout.toMillis());
    }

    /**
     * Sets {@code key} for every node, or removes it when {@code value} is null.
     *
     * @throws ServiceUnavailableException if Kafka did not take it
     */
    public void put(String key, String value) {
        try {
            byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            long offset = producer.send(new ProducerRecord<>(topic, 0, key, bytes)).get(15, TimeUnit.SECONDS).offset();
            awaitPosition(offset + 1, 15_000);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new ServiceUnavailableException("Kafka did not take the change to " + key + " in time: retry later", 5,
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while writing " + key, 5, e);
        }
    }

    /**
     * Sets {@code key} to {@code value} unless it is set: of nodes racing to create it, exactly one
     * wins and all agree which. Kafka has no compare-and-set, so the write is a claim under a key of
     * its own, which every node applies in the topic's order only while {@code key} is unset; the
     * winner then writes {@code key} plainly (what compaction keeps) and each claim is removed.
     *
     * @return true if {@code key} now holds this call's value
     * @throws ServiceUnavailableException if Kafka did not take it
     */
    public boolean putIfAbsent(String key, String value) {
        String claim = CLAIM + UUID.randomUUID() + CLAIM + key;
        put(claim, value); // read back: by now this node knows whether it came first
        boolean won = wonClaims.contains(claim);
        if (won) {
            put(key, value);
        }
        put(claim, null);
        return won;
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
        awaitReplayed(REPLAY_WAIT_MS); // Kafka slow or down: answer with what is known
    }

    private boolean awaitReplayed(long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (progress) {
            while (!replayed) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void follow() {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaSettings.reader(config, client + "-reader"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            follower.follow(c);
            c.assign(List.of(partition));
            long from;
            synchronized (progress) {
                from = position;
            }
            c.seek(partition, from);
            long end = c.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
            follower.answered();
            if (end < from) { // the topic was made anew: read it again from its start
                entries.keySet().forEach(changed);
                entries.clear();
                c.seekToBeginning(List.of(partition));
                synchronized (progress) {
                    position = 0;
                }
            }
            while (follower.running()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.key().startsWith(CLAIM)) {
                        applyClaim(record.key(), record.value());
                    } else if (record.key() != null) {
                        if (record.value() == null) {
                            entries.remove(record.key());
                        } else {
                            entries.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
                        }
                        changed.accept(record.key());
                    }
                }
                long next = c.position(partition);
                synchronized (progress) {
                    position = next;
                    replayed |= next >= end;
                    progress.notifyAll();
                }
            }
        }
    }

    private void applyClaim(String claim, byte[] value) {
        if (value == null) {
            wonClaims.remove(claim);
            return;
        }
        String key = claim.substring(claim.indexOf(CLAIM, CLAIM.length()) + CLAIM.length());
        if (!entries.containsKey(key)) {
            entries.put(key, new String(value, StandardCharsets.UTF_8));
            wonClaims.add(claim);
            changed.accept(key);
        }
    }
}
