package org.observer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Query latencies by class; every sample is kept (a few hundred), percentiles by nearest rank. */
final class Stats {

    private final Map<String, List<Double>> millisByClass = new TreeMap<>();
    private final List<Double> all = new ArrayList<>();

    void add(String cls, long nanos) {
        double millis = nanos / 1e6;
        millisByClass.computeIfAbsent(cls, c -> new ArrayList<>()).add(millis);
        all.add(millis);
    }

    double p50() {
        return percentile(all, 50);
    }

    double p99() {
        return percentile(all, 99);
    }

    /** {@code {class: {n, p50_ms, p99_ms, max_ms}}}. */
    Map<String, Object> byClass() {
        Map<String, Object> out = new LinkedHashMap<>();
        millisByClass.forEach((cls, samples) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("n", samples.size());
            s.put("p50_ms", percentile(samples, 50));
            s.put("p99_ms", percentile(samples, 99));
            s.put("max_ms", percentile(samples, 100));
            out.put(cls, s);
        });
        return out;
    }

    static double percentile(List<Double> samples, double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
