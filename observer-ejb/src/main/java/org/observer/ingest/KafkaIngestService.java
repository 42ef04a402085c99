package org.observer.ingest;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.observer.api.BulkItemResult;
import org.observer.api.BulkResult;
import org.observer.api.IngestReceipt;
import org.observer.api.LogId;
import org.observer.api.IngestService;
import org.observer.api.InvalidRequestException;
import org.observer.api.ObserverException;
import org.observer.api.ServiceUnavailableException;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexNames;
import org.observer.kafka.KafkaSettings;
import org.observer.logs.IncomingLog;
import org.observer.logs.LogValidator;
import org.observer.logs.NdjsonLines;
import org.observer.logs.Utf8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes logs to {@code observer.ingest}, keyed by index name, and answers only after Kafka
 * acknowledged them (acks=all, idempotent). The log's time travels in the {@value #TIMESTAMP_HEADER}
 * header: Kafka's own record timestamp would be refused by brokers for times far in the future.
 */
@ApplicationScoped
public class KafkaIngestService implements IngestService {

    /** Record header holding the log's time, 8 bytes big-endian epoch millis. */
    public static final String TIMESTAMP_HEADER = "ts";
    /**
     * Record header holding the id a log had on the channel it came from (a JMS message id, UTF-8),
     * when that channel may hand the same log over twice; the processors store it once
     * ({@link MessageIdWindow}).
     */
    public static final String MESSAGE_ID_HEADER = "mid";

    private static final Logger LOG = Logger.getLogger(KafkaIngestService.class.getName());
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final long PROBE_MILLIS = 2000;

    @Inject
    ObserverConfig config;

    @Inject
    IngestProgress progress;

    @Inject
    RefreshWaiter refresh;

    @Inject
    DiskSpace disk;

    private KafkaProducer<String, byte[]> producer;
    private Admin admin;
    private LogValidator validator;
    /** When Kafka last answered a health probe, and whether it did; probes are cached briefly. */
    private volatile long probedAt;
    private volatile boolean reachable;
    private volatile String clusterId;

    @PostConstruct
    void start() {
        validator = new LogValidator(config.maxDocumentBytes(), config.maxDepth(), config.maxFields());
        producer = new KafkaProducer<>(KafkaSettings.producer(config), new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(KafkaSettings.admin(config));
    }

    @PreDestroy
    void stop() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    /** Whether the Kafka cluster answers now (probed at most every {@value #PROBE_MILLIS} ms). */
    public boolean isKafkaReachable() {
        long now = System.currentTimeMillis();
        if (now - probedAt > PROBE_MILLIS) {
            try {
                admin.describeCluster().nodes().get(PROBE_MILLIS, TimeUnit.MILLISECONDS);
                reachable = true;
            } catch (ExecutionException | TimeoutException e) {
                reachable = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reachable = false;
            }
            probedAt = System.currentTimeMillis();
        }
        return reachable;
    }

    @Override
    public String kafkaClusterId() {
        String id = clusterId;
        if (id == null) {
            try {
                id = admin.describeCluster().clusterId().get(PROBE_MILLIS, TimeUnit.MILLISECONDS);
                clusterId = id;
            } catch (ExecutionException | TimeoutException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
        return id == null ? "" : id;
    }

    @Override
    public IngestReceipt ingest(String index, String json, boolean waitForSearchable) {
        IndexNames.requireValid(index);
        IncomingLog log = validator.validate(json, System.currentTimeMillis());
        disk.check();
        long deadline = System.currentTimeMillis() + config.ackTimeoutMs();
        IngestReceipt receipt = await(index, send(index, log, null), deadline);
        if (waitForSearchable) {
            awaitSearchable(List.of(receipt));
        }
        return receipt;
    }

    /**
     * Publishes a log that another channel (the Jakarta Messaging bridge) may deliver again under the
     * same {@code messageId}, and returns once Kafka acknowledged it. The id travels in the
     * {@value #MESSAGE_ID_HEADER} header, and a spread index's log goes to the partition the id
     * names, so a second delivery lands where the processors recognize it.
     *
     * @throws ObserverException with a 4xx status when the log or the index name is invalid (the
     *         same checks and messages as {@code POST /api/logs/{index}}); with a 5xx status when it
     *         could not be stored now (Kafka, disk), so it may be tried again
     */
    public IngestReceipt ingestOnce(String index, String json, String messageId) {
        IndexNames.requireValid(index);
        IncomingLog log = validator.validate(json, System.currentTimeMillis());
        disk.check();
        long deadline = System.currentTimeMillis() + config.ackTimeoutMs();
        return await(index, send(index, log, java.util.Objects.requireNonNull(messageId, "messageId")), deadline);
    }

    /**
     * Reads the body's lines where they are (no String per line) and sends them as
     * {@link #ingestEach} does; a line that is not UTF-8 is refused as such, whatever else is wrong
     * with it.
     */
    @Override
    public BulkResult ingestBulk(String index, byte[] ndjson, boolean waitForSearchable) {
        NdjsonLines lines = NdjsonLines.split(ndjson);
        if (lines.allBlank()) {
            throw new InvalidRequestException("the body is empty: send one JSON object per line (NDJSON)");
        }
        IndexNames.requireValid(index);
        LogValidator.Lines validator = this.validator.forLines();
        return ingestEach(lines.count(), i -> index, lines::isBlank, (i, now) -> {
            try {
                return validator.validate(ndjson, lines.from(i), lines.to(i), now);
            } catch (ObserverException e) {
                // what the validator accepts is UTF-8; what it refuses may be for that reason first
                if (!lines.isUtf8(i)) {
                    throw new InvalidRequestException("line " + (i + 1) + " is not valid UTF-8");
                }
                throw e;
            }
        }, waitForSearchable);
    }

    @Override
    public BulkResult ingestEach(List<String> indexes, byte[] body, int[] from, int[] to, boolean waitForSearchable) {
        if (indexes.size() != from.length || from.length != to.length) {
            throw new IllegalArgumentException(indexes.size() + " indexes for " + from.length + " documents");
        }
        LogValidator.Lines validator = this.validator.forLines();
        return ingestEach(from.length, indexes::get, i -> false, (i, now) -> {
            try {
                return validator.validate(body, from[i], to[i], now);
            } catch (ObserverException e) {
                if (!Utf8.isValid(body, from[i], to[i])) {
                    throw new InvalidRequestException("the document is not valid UTF-8");
                }
                throw e;
            }
        }, waitForSearchable);
    }

    /** Checks line {@code i} of a bulk as a log. */
    @FunctionalInterface
    private interface LineValidator {
        /**
         * @param now the ingest time, for a log that names none
         * @throws ObserverException with a 4xx status saying what is wrong with the line
         */
        IncomingLog validate(int line, long now);
    }

    /**
     * Sends the valid lines as {@link LogGroup}s, one Kafka record per group of lines of one index,
     * and answers each line: its id (the record's offset and its line in the group), or why not.
     */
    private BulkResult ingestEach(int count, java.util.function.IntFunction<String> indexOf,
                                  java.util.function.IntPredicate blank, LineValidator validate, boolean waitForSearchable) {
        disk.check();
        long start = System.currentTimeMillis();
        BulkItemResult[] items = new BulkItemResult[count];
        java.util.Map<String, LogGroup> filling = new java.util.LinkedHashMap<>();
        List<LogGroup> groups = new ArrayList<>();
        String validIndex = null; // the last name checked: a bulk names few indexes, mostly one
        for (int i = 0; i < count; i++) {
            if (blank.test(i)) {
                continue; // blank lines carry nothing; they keep the numbering of the others
            }
            try {
                String index = indexOf.apply(i);
                if (!index.equals(validIndex)) {
                    validIndex = IndexNames.requireValid(index);
                }
                IncomingLog log = validate.validate(i, start);
                LogGroup group = filling.get(index);
                if (group != null && !group.fits(log)) {
                    groups.add(group);
                    group = null;
                }
                if (group == null) {
                    group = new LogGroup(index);
                    filling.put(index, group);
                }
                group.add(i, log);
            } catch (ObserverException e) {
                items[i] = BulkItemResult.rejected(i + 1, e.status(), e.getMessage());
            }
        }
        groups.addAll(filling.values());
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        ServiceUnavailableException unavailable = null;
        for (LogGroup group : groups) {
            try {
                if (unavailable != null) {
                    throw unavailable; // Kafka already failed us: do not block on every remaining group
                }
                if (System.currentTimeMillis() - start > config.ackTimeoutMs()) {
                    throw unavailable(new TimeoutException("sending took longer than " + config.ackTimeoutMs() + " ms"));
                }
                Future<RecordMetadata> future = send(group);
                failFast(future);
                futures.add(future);
            } catch (ServiceUnavailableException e) {
                unavailable = e;
                futures.add(null);
            }
        }
        long deadline = start + config.ackTimeoutMs(); // from the start: sends may have blocked on metadata
        List<IngestReceipt> receipts = new ArrayList<>(); // one per group: what refresh=wait_for waits for
        int accepted = 0;
        for (int g = 0; g < groups.size(); g++) {
            LogGroup group = groups.get(g);
            try {
                if (futures.get(g) == null) {
                    throw unavailable;
                }
                RecordMetadata metadata = await(futures.get(g), deadline);
                for (int line = 0; line < group.size(); line++) {
                    IngestReceipt receipt = receipt(group.index, metadata, line);
                    if (line == 0) {
                        receipts.add(receipt);
                    }
                    accepted++;
                    items[group.requestLine(line)] = BulkItemResult.accepted(group.requestLine(line) + 1, receipt);
                }
            } catch (ServiceUnavailableException e) {
                unavailable = e;
                for (int line = 0; line < group.size(); line++) {
                    int i = group.requestLine(line);
                    items[i] = BulkItemResult.rejected(i + 1, 503, e.getMessage());
                }
            }
        }
        if (unavailable != null && receipts.isEmpty()) {
            throw unavailable; // nothing was accepted: the whole request can be retried
        }
        if (waitForSearchable) {
            awaitSearchable(receipts);
        }
        List<BulkItemResult> results = new ArrayList<>(items.length);
        for (BulkItemResult item : items) {
            if (item != null) {
                results.add(item);
            }
        }
        return new BulkResult(System.currentTimeMillis() - start, accepted, results.size() - accepted, results);
    }

    /** A group of one is sent as a plain record: the same as a single log's. */
    private Future<RecordMetadata> send(LogGroup group) {
        IncomingLog single = group.single();
        if (single != null) {
            return send(group.index, single, null);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(ObserverConfig.INGEST_TOPIC,
                spreadPartition(group.index, null), group.index, group.value());
        record.headers().add(TIMESTAMP_HEADER, group.timesHeader());
        record.headers().add(LogGroup.LINES_HEADER, group.linesHeader());
        return send(record);
    }

    /** @param messageId the log's id on its channel, or null when it has none (HTTP) */
    private Future<RecordMetadata> send(String index, IncomingLog log, String messageId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(ObserverConfig.INGEST_TOPIC, spreadPartition(index, messageId), index,
                log.utf8());
        record.headers().add(TIMESTAMP_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(log.timestamp()).array());
        if (messageId != null) {
            record.headers().add(MESSAGE_ID_HEADER, messageId.getBytes(StandardCharsets.UTF_8));
        }
        return send(record);
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (RuntimeException e) {
            // send() itself fails when the cluster's metadata cannot be had within max.block.ms
            throw unavailable(e);
        }
    }

    private final java.util.concurrent.atomic.AtomicLong spreadNext = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The partition of a log of a spread index (round robin over all partitions: one busy index is
     * written and searched by every node), or null: Kafka's partitioner keys it by index name. A log
     * with a message id goes where the id names, the same partition every time it is delivered.
     */
    private Integer spreadPartition(String index, String messageId) {
        if (!config.isSpread(index)) {
            return null;
        }
        try {
            int partitions = producer.partitionsFor(ObserverConfig.INGEST_TOPIC).size();
            if (messageId != null) {
                return Math.floorMod(messageId.hashCode(), partitions);
            }
            return (int) Math.floorMod(spreadNext.getAndIncrement(), (long) partitions);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    /**
     * A send that could not get the cluster's metadata within max.block.ms returns a future that has
     * already failed (it does not throw): stop there, or every further line would block as long.
     */
    private static void failFast(Future<RecordMetadata> future) {
        if (future.isDone()) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw unavailable(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(e);
            }
        }
    }

    private static IngestReceipt receipt(String index, RecordMetadata metadata, int line) {
        return new IngestReceipt(index, new LogId(metadata.partition(), metadata.offset(), line).toString(),
                metadata.partition(), metadata.offset());
    }

    private IngestReceipt await(String index, Future<RecordMetadata> future, long deadline) {
        return receipt(index, await(future, deadline), 0);
    }

    private RecordMetadata await(Future<RecordMetadata> future, long deadline) {
        try {
            long left = Math.max(1, deadline - System.currentTimeMillis());
            return future.get(left, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    @Override
    public boolean awaitAllSearchable() {
        java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        try {
            int partitions = producer.partitionsFor(ObserverConfig.INGEST_TOPIC).size();
            for (int p = 0; p < partitions; p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(ObserverConfig.INGEST_TOPIC, p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            List<IngestReceipt> ends = new ArrayList<>();
            admin.listOffsets(latest).all().get(config.refreshTimeoutMs(), TimeUnit.MILLISECONDS).forEach((partition, end) -> {
                if (end.offset() > 0) {
                    ends.add(new IngestReceipt(null, null, partition.partition(), end.offset() - 1));
                }
            });
            return awaitSearchable(ends);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private boolean awaitSearchable(List<IngestReceipt> receipts) {
        long deadline = System.currentTimeMillis() + config.refreshTimeoutMs();
        java.util.Map<Integer, Long> highest = new java.util.TreeMap<>();
        for (IngestReceipt receipt : receipts) {
            highest.merge(receipt.partition(), receipt.offset(), Math::max);
        }
        try {
            for (java.util.Map.Entry<Integer, Long> wanted : highest.entrySet()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || !refresh.awaitSearchable(wanted.getKey(), wanted.getValue(), left)) {
                    LOG.warning("refresh=wait_for timed out; the logs are accepted and will become searchable");
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ServiceUnavailableException unavailable(Throwable cause) {
        LOG.log(Level.FINE, "Kafka did not acknowledge", cause);
        String reason = cause == null ? "no answer" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new ServiceUnavailableException("Kafka did not acknowledge the log in time (" + reason
                + "); it may not have been stored: retry later", RETRY_AFTER_SECONDS, cause);
    }
}
