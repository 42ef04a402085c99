package org.observer.search;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeExpressionsTest {

    private static final long NOW = 1752148800000L;

    @Test
    void readsAbsoluteAndRelativeTimes() {
        assertNull(TimeExpressions.parse("from", null, NOW));
        assertNull(TimeExpressions.parse("from", " ", NOW));
        assertEquals(NOW, TimeExpressions.parse("to", "now", NOW));
        assertEquals(NOW - 15 * 60_000, TimeExpressions.parse("from", "now-15m", NOW));
        assertEquals(NOW - 7 * 86_400_000L, TimeExpressions.parse("from", "now-1w", NOW));
        assertEquals(NOW, TimeExpressions.parse("from", "2025-07-10T12:00:00Z", NOW));
        assertEquals(NOW, TimeExpressions.parse("from", String.valueOf(NOW), NOW));
    }

    @Test
    void rejectsWhatIsNotATimeNamingTheParameter() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> TimeExpressions.parse("from", "soon", NOW));
        assertTrue(e.getMessage().startsWith("parameter 'from'"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> TimeExpressions.parse("to", "now-15", NOW));
        assertThrows(InvalidRequestException.class, () -> TimeExpressions.parse("to", "now-xm", NOW));
        assertThrows(InvalidRequestException.class, () -> TimeExpressions.parse("to", "now+1d", NOW));
    }

    @Test
    void timesBeyondALongOfMillisAreAClientError() {
        assertEquals(NOW - 99_999_999_999L * 86_400_000L, TimeExpressions.parse("from", "now-99999999999d", NOW),
                "273 million years back is still a long of millis");
        assertThrows(InvalidRequestException.class, () -> TimeExpressions.parse("from", "now-999999999999d", NOW));
        assertThrows(InvalidRequestException.class, () -> TimeExpressions.parse("from", "now-9999999999999999999w", NOW));
        assertThrows(InvalidRequestException.class, () -> TimeExpressions.parse("from", "now--5d", NOW));
        assertThrows(InvalidRequestException.class, () -> TimeExpressions.parse("to", "+999999999-01-01T00:00:00Z", NOW));
    }
}
