package org.observer.web.console;

import java.util.ArrayDeque;

/**
 * Matching lines per second over the last few seconds: long enough to smooth the half-second
 * polls, short enough to follow a burst. Not thread-safe: one poller owns it.
 */
final class TailRate {

    static final long WINDOW_MS = 5_000;

    private record Sample(long time, long lines) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final long start;
    private long linesInWindow;

    TailRate(long start) {
        this.start = start;
    }

    void record(long now, long lines) {
        samples.addLast(new Sample(now, lines));
        linesInWindow += lines;
        while (!samples.isEmpty() && samples.peekFirst().time() <= now - WINDOW_MS) {
            linesInWindow -= samples.removeFirst().lines();
        }
    }

    /** Lines per second; over the time since the start while that is shorter than the window. */
    double perSecond(long now) {
        long span = Math.min(WINDOW_MS, Math.max(now - start, 1_000));
        return linesInWindow * 1000.0 / span;
    }
}
