package org.observer.index;

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
import org.observer.config.ObserverConfig;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The timer that moves idle indexes from OPEN to CLOSED after {@code observer.index.ttl} without
 * writes or queries, and seals the active segment of OPEN ones once it has held logs for
 * {@code observer.index.seal-after}. It checks a few times per period, so either happens at most
 * a quarter of it late, and at least every {@link #BUDGET_CHECK_MS}: then it also keeps the memory
 * OPEN indexes hold within {@code observer.memory.budget}, closing the least recently used ones
 * before their TTL (none used in the last {@link #BUDGET_MIN_IDLE_MS}).
 */
@Singleton
@Startup
@DependsOn("IndexManager")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class IndexLifecycle {

    private static final Logger LOG = Logger.getLogger(IndexLifecycle.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ObserverConfig config;

    @Inject
    IndexManager indexes;

    /** How often, at least, the memory OPEN indexes hold is compared with the budget. */
    static final long BUDGET_CHECK_MS = 2_000;
    /** An index used more recently stays OPEN whatever the budget: closing it would only load it again. */
    static final long BUDGET_MIN_IDLE_MS = 10_000;

    private ScheduledFuture<?> task;

    @PostConstruct
    void start() {
        long ttl = config.indexTtl().toMillis();
        long sealAfter = config.indexSealAfter().toMillis();
        long period = Math.max(200, Math.min(BUDGET_CHECK_MS, Math.min(ttl, sealAfter) / 4));
        task = scheduler.scheduleWithFixedDelay(() -> tick(ttl, sealAfter), period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void tick(long ttl, long sealAfter) {
        try {
            int sealed = indexes.sealOlderThan(sealAfter);
            if (sealed > 0) {
                LOG.fine(() -> "Sealed " + sealed + " index(es) on the time threshold");
            }
            int closed = indexes.closeIdle(ttl);
            if (closed > 0) {
                LOG.info(() -> "Closed " + closed + " idle index(es)");
            }
            long budget = config.memoryBudgetBytes();
            if (indexes.memoryUse().totalBytes() > budget) {
                indexes.closeOverBudget(budget, BUDGET_MIN_IDLE_MS);
                indexes.memoryUse();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sealing or closing idle indexes failed", e);
        }
    }
}
