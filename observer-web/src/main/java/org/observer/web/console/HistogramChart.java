package org.observer.web.console;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;
import elemental.json.JsonObject;
import org.observer.api.SearchResult;

import java.text.NumberFormat;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Matches over time as SVG bars drawn on the server (Vaadin's chart component is commercial): one
 * bar per bucket, scaled to the fullest, each with a tooltip giving its start and count. A click on
 * a bar zooms the range to its bucket; a drag across bars zooms to the buckets it spans.
 */
final class HistogramChart extends Div {

    /** Told the new range, epoch ms, {@code from} inclusive and {@code to} exclusive. */
    interface ZoomListener {
        void zoom(long from, long to);
    }

    /** Where the pointer is across the chart, 0 (left edge) to 1 (right edge). */
    private static final String FRACTION =
            "(event.clientX - element.getBoundingClientRect().left) / Math.max(1, element.getBoundingClientRect().width)";

    private final ZoomListener onZoom;
    private SearchResult.Histogram shown;
    private Long rangeFrom;
    private Long rangeTo;
    private Integer pressed;

    HistogramChart(ZoomListener onZoom) {
        this.onZoom = onZoom;
        setId("histogram");
        addClassName("histogram");
        setWidthFull();
        setVisible(false);
        // both ends of a press travel to the server: equal buckets are a click, different ones a drag
        getElement().addEventListener("mousedown", e -> pressed = bucket(e.getEventData()))
                .addEventData(FRACTION).setFilter("event.button === 0");
        getElement().addEventListener("mouseup", e -> released(bucket(e.getEventData())))
                .addEventData(FRACTION).setFilter("event.button === 0");
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        // the span being dragged, shaded in the browser alone: a round trip per mouse move would lag
        getElement().executeJs("""
                const chart = this; let x0 = null;
                const shade = () => chart.querySelector('.histogram-selection');
                const x = e => Math.max(0, Math.min(e.clientX - chart.getBoundingClientRect().left, chart.clientWidth));
                chart.addEventListener('mousedown', e => { if (e.button === 0) { x0 = x(e); e.preventDefault(); } });
                chart.addEventListener('mousemove', e => {
                  const s = shade(); if (x0 === null || !s) return;
                  const x1 = x(e); s.style.left = Math.min(x0, x1) + 'px'; s.style.width = Math.abs(x1 - x0) + 'px';
                  s.style.display = 'block';
                });
                window.addEventListener('mouseup', () => { x0 = null; const s = shade(); if (s) s.style.display = 'none'; });
                """);
    }

    /**
     * Draws the buckets of a search over {@code [from, to)} (null: open); the first and last bucket
     * may reach beyond the range, so a zoom is clipped to it and counts what the bar counted.
     */
    void show(SearchResult.Histogram buckets, Long from, Long to) {
        shown = buckets;
        rangeFrom = from;
        rangeTo = to;
        if (buckets == null || buckets.counts().isEmpty()) {
            setVisible(false);
            return;
        }
        List<Long> counts = buckets.counts();
        long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
        int n = counts.size();
        // As markup: elements made one by one through the Element API would be HTML elements
        // named "svg" and "rect", which browsers do not draw; the HTML parser puts these in SVG.
        StringBuilder svg = new StringBuilder("<svg viewBox=\"0 0 ").append(n * 10)
                .append(" 100\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"matches over time; click or drag to zoom\">");
        NumberFormat format = NumberFormat.getIntegerInstance(Locale.US);
        for (int i = 0; i < n; i++) {
            long count = counts.get(i);
            long start = buckets.start() + i * buckets.intervalMs();
            double height = max == 0 ? 0 : Math.max(count > 0 ? 2 : 0, 100.0 * count / max);
            // a transparent full-height slot under each bar, so a low bar is as easy to hit as a high one
            svg.append("<rect class=\"slot\" x=\"").append(i * 10).append("\" y=\"0\" width=\"10\" height=\"100\"/>");
            svg.append("<rect class=\"bar\" x=\"").append(i * 10 + 1).append("\" y=\"").append(100 - height)
                    .append("\" width=\"8\" height=\"").append(height).append("\" data-count=\"").append(count)
                    .append("\" data-start=\"").append(Instant.ofEpochMilli(start))
                    .append("\"><title>").append(SearchView.TIME.format(Instant.ofEpochMilli(start)))
                    .append(" · ").append(format.format(count)).append("</title></rect>");
        }
        long end = buckets.start() + n * buckets.intervalMs();
        svg.append("</svg><div class=\"histogram-axis\"><span>").append(SearchView.TIME.format(Instant.ofEpochMilli(buckets.start())))
                .append("</span><span>").append(width(buckets.intervalMs())).append(" per bar</span><span>")
                .append(SearchView.TIME.format(Instant.ofEpochMilli(end))).append("</span></div>")
                .append("<div class=\"histogram-selection\"></div>");
        getElement().setProperty("innerHTML", svg.toString());
        setVisible(true);
    }

    /** A bucket width as people say it: 30 s, 15 min, 3 h, 1 d. */
    static String width(long millis) {
        long[] units = {86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] names = {"d", "h", "min", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (millis % units[i] == 0) {
                return millis / units[i] + " " + names[i];
            }
        }
        return millis + " ms";
    }

    private Integer bucket(JsonObject data) {
        if (shown == null || !data.hasKey(FRACTION)) {
            return null;
        }
        int n = shown.counts().size();
        return (int) Math.max(0, Math.min(n - 1, Math.floor(data.getNumber(FRACTION) * n)));
    }

    private void released(Integer bucket) {
        Integer first = pressed;
        pressed = null;
        if (bucket == null || shown == null) {
            return;
        }
        int lo = first == null ? bucket : Math.min(first, bucket);
        int hi = first == null ? bucket : Math.max(first, bucket);
        long from = shown.start() + lo * shown.intervalMs();
        long to = shown.start() + (hi + 1) * shown.intervalMs();
        if (rangeFrom != null) {
            from = Math.max(from, rangeFrom);
        }
        if (rangeTo != null) {
            to = Math.min(to, rangeTo);
        }
        if (from < to) {
            onZoom.zoom(from, to);
        }
    }
}
