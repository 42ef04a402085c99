package org.observer.web.console;

import org.junit.jupiter.api.Test;
import org.observer.api.IndexNotFoundException;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailPollerTest {

    private static final long NOW = 1_700_000_000_000L;

    private final List<SearchRequest> requests = new ArrayList<>();
    private final List<String> told = new ArrayList<>();

    private final TailPoller.Listener listener = new TailPoller.Listener() {
        @Override
        public void found(TailBatch batch, double linesPerSecond, boolean partial) {
            told.add("found " + batch.fresh().stream().map(SearchHit::id).toList() + " skipped " + batch.skipped());
        }

        @Override
        public void waiting(String reason) {
            told.add("waiting: " + reason);
        }

        @Override
        public void failed(String message, boolean stopped) {
            told.add((stopped ? "stopped: " : "failed: ") + message);
        }
    };

    private TailPoller poller(TailQuery query, Function<SearchRequest, SearchResult> answer) {
        return new TailPoller(request -> {
            requests.add(request);
            return answer.apply(request);
        }, query, listener, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    @Test
    void searchesTheLastMinuteFirstThenFromTheNewestLogShown() {
        SearchHit hit = new SearchHit("app-1", "x", NOW - 10, "{}");
        TailPoller poller = poller(new TailQuery("app-*", "error", 50), r -> new SearchResult(1, 1, List.of(hit)));
        poller.poll();
        poller.poll();

        SearchRequest first = requests.get(0);
        assertEquals("app-*", first.index());
        assertEquals("error", first.query());
        assertEquals(NOW - TailPoller.START_BACK_MS, first.from(), "a prefix needs a time range");
        assertEquals(NOW + TailPoller.AHEAD_MS, first.to());
        assertEquals(50, first.size(), "no more than the rows kept");
        assertEquals(NOW - 10 - TailPoller.LATE_MS, requests.get(1).from());
        assertEquals(List.of("found [x] skipped 0", "found [] skipped 0"), told);
    }

    @Test
    void fetchesAtMostAThousandPerPoll() {
        poller(new TailQuery("a", "", 5_000), r -> new SearchResult(1, 0, List.of())).poll();
        assertEquals(TailPoller.MOST_PER_POLL, requests.get(0).size());
    }

    @Test
    void pausedPollerSearchesNothing() {
        TailPoller poller = poller(new TailQuery("a", "", 10), r -> new SearchResult(1, 0, List.of()));
        poller.setPaused(true);
        poller.poll();
        assertTrue(requests.isEmpty());
        poller.setPaused(false);
        poller.poll();
        assertEquals(1, requests.size());
    }

    @Test
    void badQueryStopsTheTailWithItsReason() {
        TailPoller poller = poller(new TailQuery("a", "\"open", 10), r -> {
            throw new InvalidRequestException("invalid query: unbalanced quote");
        });
        poller.poll();
        assertTrue(poller.isStopped());
        assertEquals(List.of("stopped: invalid query: unbalanced quote"), told);
        poller.poll();
        assertEquals(1, requests.size(), "a stopped tail searches no more");
    }

    @Test
    void anIndexNotCreatedYetIsWaitedFor() {
        TailPoller poller = poller(new TailQuery("new-index", "", 10), r -> {
            throw new IndexNotFoundException("new-index");
        });
        poller.poll();
        assertFalse(poller.isStopped());
        assertEquals(1, told.size());
        assertTrue(told.get(0).startsWith("waiting: "), told.get(0));
    }
}
