package org.observer.web.console;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.ClusterService;
import org.observer.api.NodeInfo;
import org.observer.api.NodeState;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster's ingest rate (logs indexed per second, summed over the nodes that are not DOWN)
 * every {@value #EVERY_SECONDS} s over the last 15 minutes, for the cluster view's chart. It
 * starts with the first view that asks, so a node nobody watches does no work for it, and runs on
 * the container's scheduler so the line goes on while no view is open.
 */
@ApplicationScoped
public class IngestRateSampler {

    static final long KEEP_MS = 15 * 60_000L;
    static final int EVERY_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(IngestRateSampler.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ClusterService cluster;

    private final Deque<SvgCharts.Point> samples = new ArrayDeque<>();
    private ScheduledFuture<?> task;

    /** The samples of the last 15 minutes, oldest first; the first call starts sampling. */
    public synchronized List<SvgCharts.Point> lastQuarterHour() {
        if (task == null) {
            sample();
            task = scheduler.scheduleAtFixedRate(this::sample, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
        }
        return List.copyOf(samples);
    }

    private void sample() {
        double rate;
        try {
            rate = cluster.cluster().nodes().stream().filter(n -> n.state() != NodeState.DOWN)
                    .mapToDouble(NodeInfo::ingestRate).sum();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Sampling the ingest rate failed; the chart has a gap", e);
            return;
        }
        long now = System.currentTimeMillis();
        synchronized (this) {
            samples.addLast(new SvgCharts.Point(now, rate));
            while (!samples.isEmpty() && samples.peekFirst().time() < now - KEEP_MS) {
                samples.removeFirst();
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
