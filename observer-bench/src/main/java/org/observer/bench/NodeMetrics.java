package org.observer.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A node's heap and garbage collection as its MicroProfile Metrics endpoint ({@code GET /metrics},
 * Prometheus text) tells them: {@code memory_usedHeap_bytes}, and per collector the count
 * ({@code gc_total}) and time ({@code gc_time_seconds_total}); MicroProfile Metrics before 5 put
 * {@code base_} in front. Sampled while the load runs: the highest heap seen, and the collections in between.
 */
final class NodeMetrics {

    /** One reading; negative fields when the node did not name them. */
    record Reading(long usedHeapBytes, long gcCount, double gcSeconds) {
    }

    private final HttpClient http;
    private final String url;
    private volatile long maxHeapBytes = -1;
    private volatile Reading first;
    private volatile Reading last;
    private volatile boolean sampling;
    private Thread sampler;

    NodeMetrics(HttpClient http, String url) {
        this.http = http;
        this.url = url;
    }

    /** Reads the node now; null if it has no metrics endpoint. */
    Reading read() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).header("Accept", "text/plain").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            long heap = -1;
            long gcCount = -1;
            double gcSeconds = -1;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String name = line.substring(0, line.indexOf('{') > 0 ? line.indexOf('{') : space);
                double value = Double.parseDouble(line.substring(space + 1));
                switch (name) {
                    // MicroProfile Metrics 5 (Payara 6) names them without the scope prefix, older ones with it
                    case "memory_usedHeap_bytes", "base_memory_usedHeap_bytes" -> heap = (long) value;
                    case "gc_total", "base_gc_total" -> gcCount = Math.max(0, gcCount) + (long) value;
                    case "gc_time_seconds_total", "base_gc_time_total_seconds", "base_gc_time_seconds" ->
                            gcSeconds = Math.max(0, gcSeconds) + value;
                    case "base_gc_time_total", "base_gc_time_total_milliseconds" -> gcSeconds = Math.max(0, gcSeconds) + value / 1000;
                    default -> {
                        // not ours
                    }
                }
            }
            return new Reading(heap, gcCount, gcSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop() asked the sampler to end: keep the request
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Starts sampling every half second until {@link #stop}. */
    void start() {
        first = read();
        sampling = true;
        sampler = new Thread(() -> {
            // the flag, not only the interrupt: an interrupt that lands inside the HTTP client's
            // wait could be taken by it, and the sampler would never end
            while (sampling && !Thread.currentThread().isInterrupted()) {
                Reading r = read();
                if (r != null) {
                    last = r;
                    maxHeapBytes = Math.max(maxHeapBytes, r.usedHeapBytes());
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "node-metrics");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Stops sampling and puts what was seen into {@code result} (nulls when the node has no metrics). */
    void stop(Map<String, Object> result) throws InterruptedException {
        sampling = false;
        sampler.interrupt();
        sampler.join();
        Reading end = read();
        if (end != null) {
            last = end;
            maxHeapBytes = Math.max(maxHeapBytes, end.usedHeapBytes());
        }
        boolean known = first != null && last != null && maxHeapBytes >= 0;
        Double heapMb = known ? maxHeapBytes / 1048576.0 : null;
        Long gcs = known && last.gcCount() >= 0 ? last.gcCount() - first.gcCount() : null;
        Double gcMs = known && last.gcSeconds() >= 0 ? (last.gcSeconds() - first.gcSeconds()) * 1000 : null;
        result.put("node_heap_max_mb", heapMb);
        result.put("node_gc_count", gcs);
        result.put("node_gc_ms", gcMs);
        if (known) {
            System.out.printf(Locale.ROOT, "node (first): heap used at most %.0f MB; %s collections, %s ms in GC during the load"
                    + "%s%n", heapMb, gcs, gcMs == null ? "?" : String.format(Locale.ROOT, "%.0f", gcMs),
                    gcs != null && gcs > 0 && gcMs != null ? String.format(Locale.ROOT, " (%.1f ms each on average)", gcMs / gcs) : "");
        } else {
            System.out.println("node (first): no MicroProfile Metrics at " + url + "/metrics");
        }
    }
}
