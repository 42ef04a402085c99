package org.observer.web.console;

import org.junit.jupiter.api.Test;
import org.observer.api.SearchHit;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TailRowsTest {

    private static List<SearchHit> newestFirst(int from, int to) {
        return IntStream.iterate(to - 1, i -> i >= from, i -> i - 1)
                .mapToObj(i -> new SearchHit("a", Integer.toString(i), i, "{}")).toList();
    }

    private static List<String> ids(TailRows rows) {
        return rows.list().stream().map(SearchHit::id).toList();
    }

    @Test
    void newestBatchGoesOnTopAndTheOldestRowsAreDropped() {
        TailRows rows = new TailRows(4);
        rows.addNewest(newestFirst(0, 3));
        assertEquals(List.of("2", "1", "0"), ids(rows));
        rows.addNewest(newestFirst(3, 5));
        assertEquals(List.of("4", "3", "2", "1"), ids(rows));
    }

    @Test
    void aBatchLargerThanTheBoundKeepsItsNewest() {
        TailRows rows = new TailRows(3);
        rows.addNewest(newestFirst(0, 2));
        rows.addNewest(newestFirst(2, 12));
        assertEquals(List.of("11", "10", "9"), ids(rows));
    }

    @Test
    void theListIsLiveForTheGridButNotWritable() {
        TailRows rows = new TailRows(2);
        List<SearchHit> view = rows.list();
        rows.addNewest(newestFirst(0, 1));
        assertEquals(1, view.size());
        assertThrows(UnsupportedOperationException.class, view::clear);
        assertThrows(IllegalArgumentException.class, () -> new TailRows(0));
    }
}
