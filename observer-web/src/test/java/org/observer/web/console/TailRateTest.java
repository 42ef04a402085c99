package org.observer.web.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TailRateTest {

    @Test
    void linesPerSecondOverTheLastWindow() {
        TailRate rate = new TailRate(0);
        for (long t = 500; t <= 10_000; t += 500) {
            rate.record(t, 50); // 100 lines/s
        }
        assertEquals(100.0, rate.perSecond(10_000), 0.001);
        rate.record(15_000, 0);
        assertEquals(0.0, rate.perSecond(15_000), 0.001, "lines older than the window no longer count");
    }

    @Test
    void aYoungTailDividesByItsAge() {
        TailRate rate = new TailRate(0);
        rate.record(2_000, 300);
        assertEquals(150.0, rate.perSecond(2_000), 0.001);
    }
}
