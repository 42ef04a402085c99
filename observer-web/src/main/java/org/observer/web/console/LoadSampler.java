package org.observer.web.console;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.ClusterService;
import org.observer.api.NodeInfo;
import org.observer.api.NodeState;
import org.observer.api.SearchStatistics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The load charted by the cluster view, every {@value #EVERY_SECONDS} s over the last 15 minutes:
 * the cluster's ingest rate (logs indexed per second, summed over the nodes that are not DOWN), and
 * this node's searches per second and their mean latency (searches it answered as the root). It
 * starts with the first view that asks, so a node nobody watches does no work for it, and runs on
 * the {@link ConsoleScheduler} so the line goes on while no view is open.
 */
@ApplicationScoped
public class LoadSampler {

    static final long KEEP_MS = 15 * 60_000L;
    static final int EVERY_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(LoadSampler.class.getName());

    @Inject
    ConsoleScheduler scheduler;

    @Inject
    ClusterService cluster;

    @Inject
    SearchStatistics searches;

    /** One reading: logs indexed per second, searches per second, their mean latency in ms (0 without searches). */
    private record Sample(long time, double ingestRate, double searchRate, double latencyMs) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private SearchStatistics.Reading lastSearches;
    private long lastTime;
    private ScheduledFuture<?> task;

    /** Logs indexed per second over the last 15 minutes, oldest first; the first call starts sampling. */
    public List<SvgCharts.Point> ingestRates() {
        return points(Sample::ingestRate);
    }

    /** Searches answered by this node per second. */
    public List<SvgCharts.Point> searchRates() {
        return points(Sample::searchRate);
    }

    /** The mean time of those searches, in milliseconds. */
    public List<SvgCharts.Point> searchLatencies() {
        return points(Sample::latencyMs);
    }

    private synchronized List<SvgCharts.Point> points(java.util.function.ToDoubleFunction<Sample> value) {
        if (task == null) {
            sample();
            task = scheduler.executor().scheduleAtFixedRate(this::sample, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
        }
        return samples.stream().map(s -> new SvgCharts.Point(s.time(), value.applyAsDouble(s))).toList();
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
        SearchStatistics.Reading reading = searches.read();
        synchronized (this) {
            double searchRate = 0;
            double latency = 0;
            if (lastSearches != null && now > lastTime) {
                long answered = reading.searches() - lastSearches.searches();
                searchRate = answered * 1000.0 / (now - lastTime);
                latency = answered == 0 ? 0 : (reading.totalNanos() - lastSearches.totalNanos()) / 1e6 / answered;
            }
            lastSearches = reading;
            lastTime = now;
            samples.addLast(new Sample(now, rate, searchRate, latency));
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
