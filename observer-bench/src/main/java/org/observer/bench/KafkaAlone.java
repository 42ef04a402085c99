package org.observer.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the broker takes without the node: the same replayed lines written by a plain Kafka producer
 * (one record per line keyed by index, acks=all, idempotent, zstd level 1, as the node's producer) to a
 * scratch topic on the same broker, which is deleted afterwards. The end-to-end rate is read
 * against this one, measured in the same run on the same machine.
 */
final class KafkaAlone {

    private static final String TOPIC = "bench.kafka-alone";
    private static final String KCAT_TOPIC = "bench.kcat-alone";

    private KafkaAlone() {
    }

    /**
     * Lines per second acknowledged by the broker, after {@code warmupLines} untimed ones (the same
     * warm-up the node gets, {@code ServerLoad --ingest-warmup}).
     */
    static double measure(String bootstrap, Corpus corpus, long lines, long seed, int partitions, long warmupLines) throws Exception {
        Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        if (warmupLines > 0) {
            produce(bootstrap, TOPIC, corpus, warmupLines, seed + 1);
        }
        double perS = produce(bootstrap, TOPIC, corpus, lines, seed);
        try (Admin admin = Admin.create(common)) {
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "kafka alone: %,d lines acknowledged by the broker at %,.0f lines/s"
                + " (plain producer, acks=all, zstd-1, topic %s, deleted after)%n", lines, perS, TOPIC);
        return perS;
    }

    /**
     * The issue's own reference: {@code kcat} (librdkafka) writing the same lines, keyed by index,
     * from a file to a scratch topic on the same broker (acks=all, idempotent, zstd level 1, as the
     * node's producer), timed from its start to its exit; -1 when {@code kcat} is not installed.
     */
    static double measureKcat(String bootstrap, Corpus corpus, long lines, long seed, int partitions) throws Exception {
        Path input = Files.createTempFile("observer-kcat-", ".tsv");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(input), 1 << 20)) {
                Replayer replayer = new Replayer(corpus, lines, seed);
                List<Doc> docs = new ArrayList<>();
                while (replayer.next(docs, 20_000)) {
                    for (Doc doc : docs) {
                        out.write(doc.index().getBytes(StandardCharsets.UTF_8));
                        out.write('\t'); // JSON text holds no raw tab or newline
                        out.write(doc.json());
                        out.write('\n');
                    }
                }
            }
            Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(common)) {
                admin.createTopics(List.of(new NewTopic(KCAT_TOPIC, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            ProcessBuilder kcat = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t", KCAT_TOPIC, "-K", "\t",
                    "-X", "acks=all", "-X", "enable.idempotence=true", "-X", "compression.codec=zstd",
                    "-X", "compression.level=1", "-X", "linger.ms=5", "-l", input.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            long start = System.nanoTime();
            Process process;
            try {
                process = kcat.start();
            } catch (java.io.IOException e) {
                System.out.println("kcat alone: not measured (no kcat on the PATH: apt-get install kcat)");
                return -1;
            }
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("kcat failed or ran over 10 minutes (exit "
                        + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
            double perS = lines / ((System.nanoTime() - start) / 1e9);
            try (Admin admin = Admin.create(common)) {
                admin.deleteTopics(List.of(KCAT_TOPIC)).all().get(30, TimeUnit.SECONDS);
            }
            System.out.printf(Locale.ROOT, "kcat alone: %,d lines acknowledged by the broker at %,.0f lines/s"
                    + " (kcat -P from a file, acks=all, idempotent, zstd-1, topic %s, deleted after)%n", lines, perS, KCAT_TOPIC);
            return perS;
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /**
     * Writes the replayed lines as plain JSON records (key: the index, no headers) to {@code topic}
     * and returns the lines per second the broker acknowledged: what any Kafka producer does when it
     * writes into {@code observer.ingest} itself.
     */
    static double produce(String bootstrap, String topic, Corpus corpus, long lines, long seed) throws Exception {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        props.put(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, 1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start;
        long nanos;
        // Built before the clock, as ServerLoad builds its request bodies: what a producer sending lines
        // already written takes, not what generating the replay takes.
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Replayer replayer = new Replayer(corpus, lines, seed);
        List<Doc> docs = new ArrayList<>();
        while (replayer.next(docs, 20_000)) {
            for (Doc doc : docs) {
                records.add(new ProducerRecord<>(topic, doc.index(), doc.json()));
            }
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            start = System.nanoTime();
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            nanos = System.nanoTime() - start;
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the plain producer failed", failure.get());
        }
        return lines / (nanos / 1e9);
    }
}
