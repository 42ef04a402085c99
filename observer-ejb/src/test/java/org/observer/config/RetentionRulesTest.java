package org.observer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetentionRulesTest {

    @Test
    void theFirstMatchingPatternDecides() {
        RetentionRules rules = RetentionRules.parse("auth-*:90d,web:7d,*:30d");
        assertEquals(Optional.of(Duration.ofDays(90)), rules.of("auth-2025-07-10"));
        assertEquals(Optional.of(Duration.ofDays(7)), rules.of("web"));
        assertEquals(Optional.of(Duration.ofDays(30)), rules.of("web-eu"));
        assertEquals(Optional.empty(), RetentionRules.parse("auth-*:90d").of("audit"));
    }

    /** Templates' index patterns (ILM retention) come from clients: many stars must not backtrack for ever. */
    @Test
    void aPatternOfManyStarsIsMatchedWithoutBacktracking() {
        RetentionRules rules = new RetentionRules(java.util.List.of(
                new RetentionRules.Rule("*a*a*a*a*a*a*a*a*a*a*a*a*b", Duration.ofDays(1))));
        assertEquals(Optional.empty(), rules.of("a".repeat(255)));
        assertEquals(Optional.of(Duration.ofDays(1)), rules.of("a".repeat(254) + "b"));
    }
}
