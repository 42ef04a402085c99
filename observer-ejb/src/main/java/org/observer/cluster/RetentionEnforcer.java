package org.observer.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import org.observer.api.IndexInfo;
import org.observer.api.IndexNotFoundException;
import org.observer.config.ObserverConfig;
import org.observer.config.RetentionRules;
import org.observer.ingest.PartitionOwnership;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes the indexes whose newest log is older than their retention ({@link IndexRetention}),
 * through the cluster's own delete (every node's stores and standby copies, recorded in the oplog
 * with the offsets it covers, so no replay brings the index back). One node decides, the owner of
 * partition 0, so that the cluster deletes an index once.
 */
@Singleton
@Startup
@DependsOn("NodeRegistry")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RetentionEnforcer {

    private static final Logger LOG = Logger.getLogger(RetentionEnforcer.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ObserverConfig config;

    @Inject
    ClusterIndexes indexes;

    @Inject
    PartitionOwnership ownership;

    @Inject
    IndexRetention retention;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        // runs even with no retention set: clients may attach ILM policies at any time
        long period = config.retentionCheckEvery().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::enforce, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void enforce() {
        if (!ownership.owned().contains(0)) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            RetentionRules rules = retention.current();
            if (rules.rules().isEmpty()) {
                return; // logs are kept for ever
            }
            for (IndexInfo info : indexes.list()) {
                Optional<Duration> keep = rules.of(info.name());
                if (keep.isEmpty() || info.maxTimestamp() == null || info.maxTimestamp() >= now - keep.get().toMillis()) {
                    continue;
                }
                LOG.info(() -> "Index " + info.name() + ": its newest log (" + Instant.ofEpochMilli(info.maxTimestamp())
                        + ") is older than its retention of " + RetentionRules.format(keep.get()) + ": deleting it");
                try {
                    indexes.delete(info.name());
                } catch (IndexNotFoundException e) {
                    // deleted meanwhile
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Enforcing the retention failed; trying again in " + config.retentionCheckEvery(), e);
        }
    }
}
