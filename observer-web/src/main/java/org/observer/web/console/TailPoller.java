package org.observer.web.console;

import org.observer.api.IndexNotFoundException;
import org.observer.api.InvalidRequestException;
import org.observer.api.ObserverException;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The background half of one live tail: every {@value #POLL_MS} ms, on the console's scheduler,
 * it searches for what is new and hands it to a {@link Listener}. One search per interval is also
 * the batching: however fast logs arrive, the page gets at most two updates a second.
 */
final class TailPoller {

    static final long POLL_MS = 500;
    /** The most logs one poll fetches: more than anyone reads in half a second; the rest are counted as skipped. */
    static final int MOST_PER_POLL = 1_000;
    /** A new tail starts with the last minute's logs, so it is not blank until the next one arrives. */
    static final long START_BACK_MS = 60_000;
    /** How late (older than the newest log shown) a log may become searchable and still be shown. */
    static final long LATE_MS = 2_000;
    /**
     * How far ahead of this server's clock a log may be stamped and be shown now. Without a bound,
     * one log stamped in the future would move the cursor there and hide everything until then.
     */
    static final long AHEAD_MS = 1_000;

    /** Told on the polling thread: hand over to the UI thread from there. */
    interface Listener {
        /** What a poll found (possibly nothing); {@code partial} when some partition did not answer. */
        void found(TailBatch batch, double linesPerSecond, boolean partial);

        /** Nothing can be searched yet (the index does not exist); polling goes on. */
        void waiting(String reason);

        /** The search failed; when {@code stopped}, polling has ended (a bad query will not get better). */
        void failed(String message, boolean stopped);
    }

    private final SearchService search;
    private final TailQuery query;
    private final Listener listener;
    private final Clock clock;
    private final TailCursor cursor;
    private TailRate rate;
    private volatile boolean paused;
    private volatile boolean resumed;
    private volatile boolean stopped;
    private ScheduledFuture<?> task;

    TailPoller(SearchService search, TailQuery query, Listener listener, Clock clock) {
        this.search = search;
        this.query = query;
        this.listener = listener;
        this.clock = clock;
        long now = clock.millis();
        this.cursor = new TailCursor(now - START_BACK_MS, LATE_MS);
        this.rate = new TailRate(now);
    }

    synchronized void start(ScheduledExecutorService scheduler) {
        task = scheduler.scheduleWithFixedDelay(this::pollSafely, 0, POLL_MS, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        stopped = true;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** While paused nothing is searched; on resuming, the next poll catches up from where it was. */
    void setPaused(boolean paused) {
        if (this.paused && !paused) {
            resumed = true;
        }
        this.paused = paused;
    }

    boolean isStopped() {
        return stopped;
    }

    /** One poll; the scheduler's runs never overlap, so the cursor needs no lock. */
    void poll() {
        if (paused || stopped) {
            return;
        }
        long now = clock.millis();
        boolean catchingUp = resumed;
        if (catchingUp) {
            resumed = false;
            rate = new TailRate(now);
        }
        long from = cursor.from();
        SearchResult result;
        try {
            result = search.search(new SearchRequest(query.index(), query.query(), from,
                    Math.max(now + AHEAD_MS, from + 1), Math.min(query.max(), MOST_PER_POLL)));
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        if (paused || stopped) {
            return; // paused while searching: nothing may change on the page after Pause, and the cursor stays put
        }
        TailBatch batch = cursor.take(result);
        if (!catchingUp) {
            rate.record(now, batch.lines()); // a pause's backlog arrives at once: not a rate
        }
        listener.found(batch, rate.perSecond(now), result.partial());
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // an exception would silently end the scheduled task: end it knowingly
            stop();
            listener.failed(ConsoleErrors.message("Live tail", e), true);
        }
    }

    private void failed(RuntimeException e) {
        ObserverException reason = observerCause(e);
        if (reason instanceof IndexNotFoundException) {
            listener.waiting(reason.getMessage() + "; waiting for its first log");
        } else if (reason != null && !(reason instanceof InvalidRequestException)) {
            listener.failed(reason.getMessage(), false); // e.g. unavailable for now: try again next poll
        } else {
            stop();
            listener.failed(ConsoleErrors.message("Live tail", e), true);
        }
    }

    private static ObserverException observerCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ObserverException observer) {
                return observer;
            }
        }
        return null;
    }
}
