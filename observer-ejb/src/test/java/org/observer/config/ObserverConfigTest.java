package org.observer.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ObserverConfigTest {

    @Test
    void readsShortAndIsoDurations() {
        assertEquals(Duration.ofSeconds(90), ObserverConfig.parseDuration("90s"));
        assertEquals(Duration.ofMinutes(10), ObserverConfig.parseDuration("10m"));
        assertEquals(Duration.ofHours(2), ObserverConfig.parseDuration("2h"));
        assertEquals(Duration.ofDays(1), ObserverConfig.parseDuration("1d"));
        assertEquals(Duration.ofMillis(500), ObserverConfig.parseDuration("500ms"));
        assertEquals(Duration.ofMinutes(10), ObserverConfig.parseDuration("PT10M"));
        assertEquals(Duration.ofMinutes(10), ObserverConfig.parseDuration("pt10m"));
    }

    @Test
    void rejectsOtherForms() {
        assertThrows(NumberFormatException.class, () -> ObserverConfig.parseDuration("10x"));
        assertThrows(NumberFormatException.class, () -> ObserverConfig.parseDuration("ten minutes"));
        assertThrows(DateTimeParseException.class, () -> ObserverConfig.parseDuration("P1X"));
    }

    @Test
    void readsAMemoryBudgetInBytesOrAsAShareOfTheHeap() {
        long heap = 1L << 30;
        assertEquals(512L << 20, ObserverConfig.memoryBudget("512m", heap));
        assertEquals(2L << 30, ObserverConfig.memoryBudget(" 2G ", heap));
        assertEquals(64L << 10, ObserverConfig.memoryBudget("64k", heap));
        assertEquals(1_000_000, ObserverConfig.memoryBudget("1000000", heap));
        assertEquals(heap / 2, ObserverConfig.memoryBudget("50%", heap));
        assertEquals(heap / 4, ObserverConfig.memoryBudget("25.0%", heap));
        for (String bad : new String[]{"", "0", "-5m", "lots", "12x", "0%", "5000%", "99999999999g"}) {
            assertEquals(-1, ObserverConfig.memoryBudget(bad, heap), bad);
        }
    }

    @Test
    void retentionRulesMatchTheFirstPatternAndRefuseWhatTheyCannotRead() {
        RetentionRules rules = RetentionRules.parse(" auth-*:90d, web-2025-07-10:12h ,*:30d");
        assertEquals(java.util.Optional.of(Duration.ofDays(90)), rules.of("auth-2025-07-10"));
        assertEquals(java.util.Optional.of(Duration.ofHours(12)), rules.of("web-2025-07-10"));
        assertEquals(java.util.Optional.of(Duration.ofDays(30)), rules.of("web-2025-07-11"));
        assertEquals(java.util.Optional.empty(), RetentionRules.parse("auth-*:1d").of("web"), "no rule: kept for ever");
        assertEquals(java.util.Optional.empty(), RetentionRules.parse("").of("web"));
        assertEquals("90d", RetentionRules.format(Duration.ofDays(90)));
        assertEquals("36h", RetentionRules.format(Duration.ofHours(36)));
        assertEquals("90s", RetentionRules.format(Duration.ofSeconds(90)));
        for (String bad : new String[]{"auth-*", "auth-*:", ":30d", "Auth-*:30d", "auth-*:forever", "auth-*:0d"}) {
            assertThrows(IllegalArgumentException.class, () -> RetentionRules.parse(bad), bad);
        }
    }
}
