package org.observer.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The console's own scheduler, for live tails and the load sampler. The container's default
 * scheduled executor runs its tasks on a single thread, shared with index sealing and retention:
 * behind a seal of a few seconds every open tail would freeze. Its threads come from the
 * container's {@link ManagedThreadFactory}, so they may call the engine's beans.
 */
@ApplicationScoped
public class ConsoleScheduler {

    /** Each tail polls for a few milliseconds every half second: a few threads serve many tails. */
    static final int THREADS = 4;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor executor;

    @PostConstruct
    void start() {
        executor = new ScheduledThreadPoolExecutor(THREADS, threads);
        executor.setRemoveOnCancelPolicy(true); // a closed tail's task goes at once, not at its next run
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    ScheduledExecutorService executor() {
        return executor;
    }
}
