package org.observer.web.console;

import org.junit.jupiter.api.Test;
import org.observer.api.SearchHit;
import org.observer.api.SearchResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailCursorTest {

    private static final long START = 1_000_000;

    /** A fake index: every log, and searches over it as the engine answers them (newest first, a cap, an exact total). */
    private final List<SearchHit> logs = new ArrayList<>();

    private SearchResult search(long from, int cap) {
        List<SearchHit> matches = logs.stream().filter(h -> h.timestamp() >= from)
                .sorted(Comparator.comparingLong(SearchHit::timestamp).reversed()).toList();
        return new SearchResult(0, matches.size(), matches.subList(0, Math.min(cap, matches.size())));
    }

    private SearchHit log(String index, String id, long time) {
        SearchHit hit = new SearchHit(index, id, time, "{}");
        logs.add(hit);
        return hit;
    }

    private static List<String> ids(TailBatch batch) {
        return batch.fresh().stream().map(SearchHit::id).toList();
    }

    @Test
    void showsEachLogOnceThoughTheNextPollStartsAtTheNewestMillisecond() {
        TailCursor cursor = new TailCursor(START, 0);
        log("a", "1", START + 10);
        log("a", "2", START + 20);
        assertEquals(List.of("2", "1"), ids(cursor.take(search(cursor.from(), 100))));
        assertEquals(START + 20, cursor.from());

        log("a", "3", START + 20); // the same millisecond as the newest seen
        TailBatch next = cursor.take(search(cursor.from(), 100));
        assertEquals(List.of("3"), ids(next));
        assertEquals(0, next.skipped());
        assertEquals(List.of(), ids(cursor.take(search(cursor.from(), 100))));
    }

    @Test
    void sameIdInAnotherIndexIsAnotherLog() {
        TailCursor cursor = new TailCursor(START, 0);
        log("a", "1", START + 5);
        cursor.take(search(cursor.from(), 100));
        log("b", "1", START + 5);
        assertEquals(List.of("1"), ids(cursor.take(search(cursor.from(), 100))));
    }

    @Test
    void moreThanOnePollFetchesAreCountedAsSkippedOnceAndNeverShownLate() {
        TailCursor cursor = new TailCursor(START, 2_000);
        for (int i = 0; i < 10; i++) {
            log("a", "n" + i, START + 100 + i);
        }
        TailBatch first = cursor.take(search(cursor.from(), 3));
        assertEquals(List.of("n9", "n8", "n7"), ids(first));
        assertEquals(7, first.skipped());

        log("a", "m", START + 200);
        TailBatch second = cursor.take(search(cursor.from(), 3));
        assertEquals(List.of("m"), ids(second));
        assertEquals(0, second.skipped());
    }

    @Test
    void aBulkStampedWithOneMillisecondIsCountedOnceThoughItKeepsMatching() {
        TailCursor cursor = new TailCursor(START, 2_000);
        for (int i = 0; i < 5_000; i++) {
            log("a", "b" + i, START + 100);
        }
        TailBatch first = cursor.take(search(cursor.from(), 1_000));
        assertEquals(1_000, first.fresh().size());
        assertEquals(4_000, first.skipped());
        for (int poll = 0; poll < 3; poll++) {
            TailBatch idle = cursor.take(search(cursor.from(), 1_000));
            assertEquals(0, idle.lines(), "nothing new: nothing shown, nothing skipped again");
        }
    }

    @Test
    void atFiveThousandLinesPerSecondEveryLineIsShownOnceOrCountedAsSkipped() {
        Random random = new Random(42);
        TailCursor cursor = new TailCursor(START, 2_000);
        Set<String> shown = new HashSet<>();
        long skipped = 0;
        long now = START;
        for (int poll = 0; poll < 40; poll++) {
            // half a second of logs; shippers' bulks put many in the same few milliseconds
            int count = random.nextInt(5_000);
            for (int i = 0; i < count; i++) {
                log("app-" + random.nextInt(3), poll + "-" + i, now + random.nextInt(5) * 100L);
            }
            now += 500;
            TailBatch batch = cursor.take(search(cursor.from(), 1_000));
            assertTrue(batch.fresh().size() <= 1_000);
            for (SearchHit hit : batch.fresh()) {
                assertTrue(shown.add(hit.index() + "/" + hit.id()), "shown twice: " + hit.id());
            }
            skipped += batch.skipped();
        }
        assertEquals(logs.size(), shown.size() + skipped);
        assertTrue(cursor.remembered() <= 2 * 5_000, "remembers a window, not the stream: " + cursor.remembered());
    }

    @Test
    void aLogThatBecomesSearchableLateIsShownWithinTheWindow() {
        TailCursor cursor = new TailCursor(START, 2_000);
        log("a", "new", START + 5_000);
        cursor.take(search(cursor.from(), 100));

        log("b", "late", START + 4_000); // another partition, processed a little later
        log("b", "too-late", START + 2_000);
        TailBatch batch = cursor.take(search(cursor.from(), 100));
        assertEquals(List.of("late"), ids(batch));
        assertEquals(0, batch.skipped(), "the logs shown before are in the window but not skipped");
    }

    @Test
    void rememberedIdsAreForgottenOnceOutsideTheWindow() {
        TailCursor cursor = new TailCursor(START, 1_000);
        for (int i = 0; i < 100; i++) {
            log("a", "id" + i, START + i * 100L);
            cursor.take(search(cursor.from(), 1_000));
        }
        // 9.9 s of logs seen; only those of the last second are searched again, all already shown
        assertEquals(START + 9_900 - 1_000, cursor.from());
        assertEquals(11, cursor.remembered());
        SearchResult again = search(cursor.from(), 1_000);
        assertEquals(11, again.total());
        TailBatch batch = cursor.take(again);
        assertEquals(0, batch.fresh().size());
        assertEquals(0, batch.skipped());
    }
}
