package org.observer.web.console;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgChartsTest {

    @Test
    void lineIsScaledToItsHighestPoint() {
        String svg = SvgCharts.line(List.of(new SvgCharts.Point(0, 0), new SvgCharts.Point(500, 50),
                new SvgCharts.Point(1000, 100)), 0, 1000, "rate");
        assertTrue(svg.startsWith("<svg viewBox=\"0 0 1000 100\""), svg);
        // the highest point near the top, the lowest on the bottom line, x spread over the range
        assertTrue(svg.contains("M0.0,100.0 L500.0,52.5 L1000.0,5.0"), svg);
        assertEquals(3, svg.split("<circle").length - 1);
    }

    @Test
    void anEmptyLineIsAnEmptyChart() {
        String svg = SvgCharts.line(List.of(), 0, 1000, "rate");
        assertFalse(svg.contains("<path"), svg);
        assertTrue(svg.endsWith("</svg>"));
    }

    @Test
    void barsAreScaledToTheLargestAndNamesEscaped() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("web", 2048L);
        values.put("a<b", 512L);
        String svg = SvgCharts.bars(values, "disk");
        assertTrue(svg.contains("data-name=\"web\" data-value=\"2048\""), svg);
        assertTrue(svg.contains("width=\"100.0%\""), svg);
        assertTrue(svg.contains("width=\"25.0%\""), svg);
        assertTrue(svg.contains("a&lt;b · 512 B"), svg);
        assertFalse(svg.contains("a<b"), svg);
    }
}
