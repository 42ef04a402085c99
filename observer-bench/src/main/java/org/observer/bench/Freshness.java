package org.observer.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Acknowledgement → searchable latency, sampled: one line of some bulk requests carries a unique
 * marker ({@value #FIELD}: a word of letters), and from the moment its request is acknowledged a
 * poller searches for the marker until a search finds it. The marked line stays one of the
 * replayed lines (same index, time and message), so counts and query totals are unchanged.
 */
final class Freshness {

    /** Searches the server: the total hits of a query string ({@code index=...&q=...&size=0}). */
    interface Search {
        long total(String query) throws Exception;
    }

    static final String FIELD = "benchmark";

    private record Pending(String index, String marker, long acknowledgedNanos) {
    }

    private final Search search;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final List<Double> latenciesMs = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Throwable failure;
    private int next;
    private Thread poller;

    Freshness(Search search) {
        this.search = search;
    }

    /** A new marker: {@code fresh} and letters, one token for the analyzer. */
    String nextMarker() {
        StringBuilder sb = new StringBuilder("fresh");
        int n = next++;
        for (int i = 0; i < 4; i++) {
            sb.append((char) ('a' + n % 26));
            n /= 26;
        }
        return sb.toString();
    }

    /** The JSON object {@code json} with the marker as one more field. */
    static byte[] mark(byte[] json, String marker) {
        String text = new String(json, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('}');
        return (text.substring(0, end) + ",\"" + FIELD + "\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The request holding {@code marker} was acknowledged now. */
    void acknowledged(String index, String marker) {
        pending.add(new Pending(index, marker, System.nanoTime()));
    }

    void start() {
        poller = new Thread(this::poll, "freshness");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    if (search.total("index=" + ServerLoad.enc(p.index()) + "&q=" + ServerLoad.enc(FIELD + ":" + p.marker())
                            + "&size=0") > 0) {
                        latenciesMs.add((System.nanoTime() - p.acknowledgedNanos()) / 1e6);
                        it.remove();
                    }
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                failure = t;
                return;
            }
        }
    }

    /** Waits (at most {@code timeoutS}) for every marker to be found, and puts p50/p99 into {@code result}. */
    void stop(Map<String, Object> result, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (!pending.isEmpty() && failure == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        poller.interrupt();
        poller.join();
        if (failure != null) {
            throw new IllegalStateException("searching for the freshness markers failed", failure);
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " marked lines not searchable after " + timeoutS + " s");
        }
        List<Double> samples = new ArrayList<>(latenciesMs);
        double p50 = Stats.percentile(samples, 50);
        double p99 = Stats.percentile(samples, 99);
        System.out.printf(Locale.ROOT, "freshness: acknowledged → searchable p50 %.0f ms, p99 %.0f ms, max %.0f ms"
                + " (%d sampled requests, polled every 20 ms)%n", p50, p99,
                samples.stream().mapToDouble(Double::doubleValue).max().orElse(0), samples.size());
        result.put("ack_to_searchable_p50_ms", p50);
        result.put("ack_to_searchable_p99_ms", p99);
        result.put("ack_to_searchable_samples", samples.size());
    }
}
