package org.observer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;
import org.observer.api.LogId;
import org.observer.api.SearchHit;

class SearchCursorTest {

    @Test
    void aLogIdIsWrittenPartitionDashOffsetAndReadBack() {
        LogId id = new LogId(3, 1234);
        assertEquals("3-1234", id.toString());
        assertEquals(id, LogId.parse("3-1234"));
        LogId third = new LogId(3, 1234, 2);
        assertEquals("3-1234-2", third.toString(), "the third log of a record's group");
        assertEquals(third, LogId.parse("3-1234-2"));
        assertEquals("3-1234", new LogId(3, 1234, 0).toString(), "line 0 is written without it");
        for (String bad : List.of("", "3", "-3", "3-", "a-1", "3-x", "3--1", "-1-5", "99999999999-1",
                "3-1234-0", "3-1234-", "3-1234-x", "3-1-2-3", "3-1234--1")) {
            assertThrows(InvalidRequestException.class, () -> LogId.parse(bad), bad);
        }
    }

    /** Newest first; for the same millisecond, index name, then the highest offset and line (numerically, not as text), then partition. */
    @Test
    void hitsOfTheSameMillisecondAreOrderedByIndexThenHighestOffset() {
        List<SearchHit> hits = new ArrayList<>(List.of(
                new SearchHit("b", "0-5", 100, null), new SearchHit("a", "0-99", 100, null),
                new SearchHit("a", "0-100", 100, null), new SearchHit("a", "1-100", 100, null),
                new SearchHit("a", "0-1", 200, null), new SearchHit("a", "0-100-2", 100, null),
                new SearchHit("a", "0-100-1", 100, null)));
        hits.sort(SearchCursor.ORDER);
        assertEquals(List.of("a/0-1", "a/0-100-2", "a/0-100-1", "a/1-100", "a/0-100", "a/0-99", "b/0-5"),
                hits.stream().map(h -> h.index() + "/" + h.id()).toList());
    }

    @Test
    void aCursorGoesRoundTripAndAForgedOneIsRefused() {
        SearchCursor cursor = SearchCursor.after(new SearchHit("auth-2025-07-10", "2-77", 1_752_000_000_000L, null));
        assertEquals(cursor, SearchCursor.decode(cursor.encode()));
        String forged = java.util.Base64.getUrlEncoder().encodeToString("1:auth:not-an-id".getBytes());
        assertThrows(InvalidRequestException.class, () -> SearchCursor.decode(forged));
    }
}
