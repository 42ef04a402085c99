package org.observer.oplog;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.observer.api.AuditLog;
import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;
import org.observer.config.ObserverConfig;
import org.observer.kafka.KafkaSettings;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Appends the node's actions to the {@code observer.oplog} topic, keyed by index. Recording never
 * blocks the action for long and never fails it: the data itself is safe in {@code observer.ingest}
 * and the index files; an entry Kafka could not take within its delivery timeout is logged.
 */
@ApplicationScoped
public class Oplog implements AuditLog {

    private static final Logger LOG = Logger.getLogger(Oplog.class.getName());

    @Inject
    ObserverConfig config;

    private KafkaProducer<String, byte[]> producer;

    @PostConstruct
    void start() {
        producer = new KafkaProducer<>(KafkaSettings.oplogProducer(config), new StringSerializer(), new ByteArraySerializer());
    }

    @PreDestroy
    void stop() {
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public void requested(String index, String action, String who, String failure) {
        record(OplogAction.REQUESTED, index, action + " by " + who + (failure == null ? "" : " failed: " + failure));
    }

    public void record(OplogAction action, String index, String detail) {
        record(action, index, null, null, null, null, detail);
    }

    public void record(OplogAction action, String index, Integer partition, Long fromOffset, Long toOffset,
                       Long documents, String detail) {
        OplogEntry entry = new OplogEntry(-1, System.currentTimeMillis(), config.nodeName(), action, index,
                partition, fromOffset, toOffset, documents, detail);
        try {
            producer.send(new ProducerRecord<>(ObserverConfig.OPLOG_TOPIC, index, OplogCodec.encode(entry)),
                    (metadata, error) -> {
                        if (error != null) {
                            LOG.log(Level.WARNING, "Oplog entry not recorded: " + action + " " + index, error);
                        }
                    });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Oplog entry not recorded: " + action + " " + index, e);
        }
    }
}
