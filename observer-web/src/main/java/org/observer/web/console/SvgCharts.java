package org.observer.web.console;

import java.util.List;
import java.util.Map;

/**
 * Small charts as SVG markup (Vaadin's chart component is commercial). Markup rather than the
 * Element API: elements made one by one would be HTML elements named "svg", which browsers do
 * not draw; set as innerHTML, the HTML parser puts them in the SVG namespace.
 */
final class SvgCharts {

    /** One point of a line chart: epoch millis and a value. */
    record Point(long time, double value) {
    }

    private SvgCharts() {
    }

    /**
     * A filled line over {@code [from, to]} scaled to its highest value; each point carries its
     * value in {@code data-value} and a tooltip.
     */
    static String line(List<Point> points, long from, long to, String label) {
        double max = points.stream().mapToDouble(Point::value).max().orElse(0);
        double top = max <= 0 ? 1 : max;
        double span = Math.max(1, to - from);
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (Point p : points) {
            double x = 1000 * (p.time() - from) / span;
            double y = 100 - 95 * p.value() / top;
            path.append(path.length() == 0 ? "M" : " L").append(num(x)).append(',').append(num(y));
            dots.append("<circle class=\"point\" cx=\"").append(num(x)).append("\" cy=\"").append(num(y))
                    .append("\" r=\"4\" data-value=\"").append(num(p.value())).append("\"><title>")
                    .append(Formats.time(p.time())).append(" · ").append(Formats.rate(p.value()))
                    .append("</title></circle>");
        }
        StringBuilder svg = open(1000, 100, label);
        if (points.size() > 1) {
            double firstX = 1000 * (points.get(0).time() - from) / span;
            double lastX = 1000 * (points.get(points.size() - 1).time() - from) / span;
            svg.append("<path class=\"area\" d=\"").append(path).append(" L").append(num(lastX)).append(",100 L")
                    .append(num(firstX)).append(",100 Z\"/>");
            svg.append("<path class=\"line\" d=\"").append(path).append("\"/>");
        }
        return svg.append(dots).append("</svg>").toString();
    }

    /** Horizontal bars, one row per entry, scaled to the largest, each labelled with its name and size. */
    static String bars(Map<String, Long> values, String label) {
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(0);
        int rowHeight = 22;
        // no viewBox: percent widths stretch the bars while the text keeps its shape
        StringBuilder svg = new StringBuilder("<svg width=\"100%\" height=\"")
                .append(Math.max(rowHeight, values.size() * rowHeight)).append("\" role=\"img\" aria-label=\"")
                .append(escape(label)).append("\">");
        int row = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            double width = max == 0 ? 0 : Math.max(0.5, 100.0 * e.getValue() / max);
            int y = row++ * rowHeight;
            svg.append("<g class=\"bar-row\" data-name=\"").append(escape(e.getKey())).append("\" data-value=\"")
                    .append(e.getValue()).append("\"><rect class=\"bar\" x=\"0\" y=\"").append(y + 2)
                    .append("\" width=\"").append(num(width)).append("%\" height=\"").append(rowHeight - 4)
                    .append("\"/><text x=\"6\" y=\"").append(y + rowHeight - 7).append("\">")
                    .append(escape(e.getKey())).append(" · ").append(Formats.bytes(e.getValue()))
                    .append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(int width, int height, String label) {
        return new StringBuilder("<svg viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"").append(escape(label)).append("\">");
    }

    private static String num(double v) {
        return String.valueOf(Math.round(v * 10) / 10.0);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
