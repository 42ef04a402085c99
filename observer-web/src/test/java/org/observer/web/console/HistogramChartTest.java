package org.observer.web.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistogramChartTest {

    @Test
    void aBucketWidthIsSaidInItsLargestWholeUnit() {
        assertEquals("15 min", HistogramChart.width(900_000));
        assertEquals("1 d", HistogramChart.width(86_400_000));
        assertEquals("3 h", HistogramChart.width(10_800_000));
        assertEquals("30 s", HistogramChart.width(30_000));
        assertEquals("1500 ms", HistogramChart.width(1_500));
    }
}
