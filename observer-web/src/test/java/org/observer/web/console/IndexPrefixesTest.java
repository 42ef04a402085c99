package org.observer.web.console;

import org.junit.jupiter.api.Test;
import org.observer.api.IndexInfo;
import org.observer.api.IndexState;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IndexPrefixesTest {

    @Test
    void dailyAndMonthlyDatesAreCutOff() {
        assertEquals("web", IndexPrefixes.of("web-2026.12.07"));
        assertEquals("web", IndexPrefixes.of("web-2026-12-07"));
        assertEquals("logs_app", IndexPrefixes.of("logs_app_20261207"));
        assertEquals("auth", IndexPrefixes.of("auth-2026.12"));
        assertEquals("metrics", IndexPrefixes.of("metrics-2026.12.07.13"));
        assertEquals("v1", IndexPrefixes.of("v1-2026.12.07"));
    }

    @Test
    void namesWithoutADateAreTheirOwnPrefix() {
        assertEquals("nginx", IndexPrefixes.of("nginx"));
        assertEquals("app-1733550000123", IndexPrefixes.of("app-1733550000123"));
        assertEquals("app12345672012", IndexPrefixes.of("app12345672012"));
        assertEquals("2026.12.07", IndexPrefixes.of("2026.12.07"));
        assertEquals("daily123456789012", IndexPrefixes.of("daily123456789012-2026.12.07"));
    }

    @Test
    void diskIsSummedPerPrefixLargestFirst() {
        Map<String, Long> disk = IndexPrefixes.diskBytes(List.of(index("web-2026.12.06", 100), index("auth-2026.12.07", 500),
                index("web-2026.12.07", 300), index("nginx", 10)), 10);
        assertEquals(List.of("auth", "web", "nginx"), List.copyOf(disk.keySet()));
        assertEquals(400L, disk.get("web"));
    }

    @Test
    void pastTheTopTheRestIsOneBar() {
        Map<String, Long> disk = IndexPrefixes.diskBytes(List.of(index("a", 5), index("b", 4), index("c", 3), index("d", 2)), 2);
        assertEquals(List.of("a", "b", "2 others"), List.copyOf(disk.keySet()));
        assertEquals(5L, disk.get("2 others"));
    }

    private static IndexInfo index(String name, long disk) {
        return new IndexInfo(name, IndexState.OPEN, 1, 1, disk, null, null, null);
    }
}
