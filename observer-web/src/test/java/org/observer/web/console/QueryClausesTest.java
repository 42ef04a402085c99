package org.observer.web.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueryClausesTest {

    @Test
    void aFilterIsTheWholeQueryWhenThereWasNone() {
        assertEquals("level:\"error\"", QueryClauses.withFilter("  ", "level", "error", false));
        assertEquals("-level:\"error\"", QueryClauses.withFilter(null, "level", "error", true));
    }

    @Test
    void aFilterNarrowsTheQuery() {
        assertEquals("disk host.name:\"web-01\"", QueryClauses.withFilter("disk", "host.name", "web-01", false));
    }

    @Test
    void aQueryWithOrIsParenthesizedSoTheFilterAppliesToEveryBranch() {
        assertEquals("(disk OR cpu) level:\"warn\"", QueryClauses.withFilter("disk OR cpu", "level", "warn", false));
    }

    @Test
    void quotesAndBackslashesInAValueAreEscaped() {
        assertEquals("path:\"C:\\\\a \\\"b\\\"\"", QueryClauses.withFilter("", "path", "C:\\a \"b\"", false));
    }

    @Test
    void theSameFilterTwiceIsAddedOnce() {
        assertEquals("level:\"warn\"", QueryClauses.withFilter("level:\"warn\"", "level", "warn", false));
    }

    @Test
    void theErrorPositionIsReadFromTheMessage() {
        assertEquals(11, QueryClauses.errorPosition(
                "invalid query: Query syntax error at position 11: expected a ')' to close the '(' at position 6"));
        assertEquals(-1, QueryClauses.errorPosition("index 'x' not found"));
    }

    @Test
    void theMarkerIsPutAtThePositionWithinTheText() {
        assertEquals("a (b▮", QueryClauses.pointAt("a (b", 4));
        assertEquals("▮\"open", QueryClauses.pointAt("\"open", 0));
        assertEquals("ab▮", QueryClauses.pointAt("ab", 99));
    }
}
