package org.observer.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.observer.config.ObserverConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the node's topics when the cluster does not have them yet. */
public final class KafkaTopics {

    /** observer.nodes rolls a segment an hour, so compaction can drop announcements older than that. */
    static final long NODES_SEGMENT_MS = 3_600_000;

    private KafkaTopics() {
    }

    public static void ensure(ObserverConfig config) throws InterruptedException, ExecutionException, TimeoutException {
        Optional<Short> replication = config.replicationFactor() < 0
                ? Optional.empty() : Optional.of(config.replicationFactor());
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(ObserverConfig.INGEST_TOPIC)) {
                missing.add(new NewTopic(ObserverConfig.INGEST_TOPIC, Optional.of(config.ingestPartitions()), replication)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(config.ingestRetention().toMillis()))));
            }
            if (!existing.contains(ObserverConfig.OPLOG_TOPIC)) {
                missing.add(new NewTopic(ObserverConfig.OPLOG_TOPIC, Optional.of(1), replication));
            }
            if (!existing.contains(ObserverConfig.NODES_TOPIC)) {
                // Compacted: the latest announcement per node is all that matters. Short segments let
                // compaction reach the old ones (it never touches the active segment).
                missing.add(new NewTopic(ObserverConfig.NODES_TOPIC, Optional.of(1), replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(NODES_SEGMENT_MS))));
            }
            if (!existing.contains(ObserverConfig.TEMPLATES_TOPIC)) {
                missing.add(new NewTopic(ObserverConfig.TEMPLATES_TOPIC, Optional.of(1), replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!existing.contains(ObserverConfig.SECURITY_TOPIC)) {
                missing.add(new NewTopic(ObserverConfig.SECURITY_TOPIC, Optional.of(1), replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another node created it meanwhile: fine
                }
            }
        }
    }
}
