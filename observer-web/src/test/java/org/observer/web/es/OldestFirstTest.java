package org.observer.web.es;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.search.SearchCursor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Oldest-first pages over an in-memory "engine" that, like the real one, gives hits newest first
 * (at most 10,000), exact totals and histograms: more logs than one search may return, many
 * sharing a millisecond, so the refinement and the cursor's ties are exercised.
 */
class OldestFirstTest {

    private final List<SearchHit> logs = new ArrayList<>();
    private int searches;

    OldestFirstTest() {
        Random random = new Random(7);
        long time = 1_752_148_800_000L;
        for (int i = 0; i < 25_000; i++) {
            time += random.nextInt(4) == 0 ? random.nextInt(50) : 0; // three in four share the previous millisecond
            logs.add(new SearchHit(i % 2 == 0 ? "a" : "b", (i % 4) + "-" + i, time, "{}"));
        }
    }

    private SearchResult search(SearchRequest request) {
        searches++;
        long from = request.from() == null ? Long.MIN_VALUE : request.from();
        long to = request.to() == null ? Long.MAX_VALUE : request.to();
        List<SearchHit> matched = logs.stream().filter(h -> h.timestamp() >= from && h.timestamp() < to)
                .sorted(SearchCursor.ORDER).toList();
        SearchResult.Histogram histogram = null;
        if (request.histogram() != null) {
            long lo = from == Long.MIN_VALUE ? logs.get(0).timestamp() : from;
            long hi = to == Long.MAX_VALUE ? logs.get(logs.size() - 1).timestamp() + 1 : to;
            long interval = request.histogram().equals("auto") ? Math.max(1000, (hi - lo + 99) / 100)
                    : Long.parseLong(request.histogram().replace("ms", ""));
            long start = Math.floorDiv(lo, interval) * interval;
            List<Long> counts = new ArrayList<>();
            for (long b = start; b < hi; b += interval) {
                long bucket = b;
                counts.add(matched.stream().filter(h -> h.timestamp() >= bucket && h.timestamp() < bucket + interval).count());
            }
            histogram = new SearchResult.Histogram(start, interval, counts);
        }
        return new SearchResult(0, matched.size(), matched.subList(0, Math.min(request.size(), matched.size())), null,
                histogram, null, null);
    }

    private List<SearchHit> oldestFirst() {
        List<SearchHit> all = new ArrayList<>(logs);
        all.sort(SearchCursor.ORDER);
        java.util.Collections.reverse(all);
        return all;
    }

    private static SearchRequest everything() {
        return new SearchRequest("logs-*", "*", Long.MIN_VALUE, null, 0, null, null, List.of(), 10, false);
    }

    @Test
    void pagesByFromAreTheOldestInOrder() {
        List<SearchHit> expected = oldestFirst();
        assertEquals(expected.subList(0, 100), OldestFirst.page(everything(), null, 0, 100, this::search));
        assertEquals(expected.subList(9_000, 10_000), OldestFirst.page(everything(), null, 9_000, 1_000, this::search));
    }

    @Test
    void searchAfterWalksEveryLogOnceOldestFirst() {
        List<SearchHit> walked = new ArrayList<>();
        SearchCursor after = null;
        while (true) {
            List<SearchHit> page = OldestFirst.page(everything(), after, 0, 3_000, this::search);
            if (page.isEmpty()) {
                break;
            }
            walked.addAll(page);
            after = SearchCursor.after(page.get(page.size() - 1));
        }
        assertEquals(oldestFirst(), walked);
        // the [time]-only cursor of the API skips the rest of that millisecond
        SearchHit tenth = oldestFirst().get(10);
        List<SearchHit> next = OldestFirst.page(everything(), new SearchCursor(tenth.timestamp(), "", "0-0"), 0, 5, this::search);
        assertEquals(oldestFirst().stream().filter(h -> h.timestamp() > tenth.timestamp()).limit(5).toList(), next);
    }

    @Test
    void tooManyInOneMillisecondIsNamed() {
        logs.clear();
        for (int i = 0; i < 10_001; i++) {
            logs.add(new SearchHit("a", "0-" + i, 5_000, "{}"));
        }
        logs.add(new SearchHit("a", "0-x".replace("x", "99999"), 6_000, "{}"));
        logs.sort(Comparator.comparingLong(SearchHit::timestamp));
        assertThrows(InvalidRequestException.class, () -> OldestFirst.page(everything(), null, 0, 10, this::search));
    }
}
