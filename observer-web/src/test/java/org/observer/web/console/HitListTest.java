package org.observer.web.console;

import org.junit.jupiter.api.Test;
import org.observer.api.SearchHit;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HitListTest {

    @Test
    void theMessageIsSplitAtItsHighlights() {
        SearchHit hit = new SearchHit("app", "0-1", 0, "{\"message\":\"disk full on disk 2\"}",
                Map.of("message", List.of(new SearchHit.Highlight(0, 0, 4), new SearchHit.Highlight(0, 13, 17))));
        assertEquals(List.of("", "disk", " full on ", "disk", " 2"), HitList.parts(hit));
    }

    @Test
    void highlightsOfOtherFieldsOrValuesLeaveTheLinePlain() {
        SearchHit hit = new SearchHit("app", "0-1", 0, "{\"msg\":\"login ok\",\"user\":\"login\"}",
                Map.of("user", List.of(new SearchHit.Highlight(0, 0, 5)), "msg", List.of(new SearchHit.Highlight(1, 0, 5))));
        assertEquals(List.of("login ok"), HitList.parts(hit));
    }

    @Test
    void aLogWithoutAMessageShowsItsJsonUnmarked() {
        SearchHit hit = new SearchHit("app", "0-1", 0, "{\"status\":500}", Map.of("status", List.of(new SearchHit.Highlight(0, 0, 3))));
        assertEquals(List.of("{\"status\":500}"), HitList.parts(hit));
    }
}
