package org.observer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AnalyzerTest {

    private final Analyzer analyzer = Analyzer.STANDARD;

    @Test
    void splitsOnNonLetterOrDigitAndLowercases() {
        assertEquals(List.of("get", "api", "v1", "users", "42", "took", "12ms"),
                analyzer.tokens("GET /api/v1/users/42 took=12ms"));
    }

    @Test
    void keepsUnicodeLettersAndLowercasesThem() {
        assertEquals(List.of("größe", "ÿ", "日本語", "élan"), analyzer.tokens("Größe: Ÿ 日本語 — Élan"));
    }

    @Test
    void emptyOrPunctuationOnlyTextGivesNoTokens() {
        assertTrue(analyzer.tokens("").isEmpty());
        assertTrue(analyzer.tokens(" -- ;; // ").isEmpty());
    }

    @Test
    void truncatesLongTokensTo128CodePoints() {
        String longToken = "a".repeat(300);
        List<String> tokens = analyzer.tokens(longToken + " b");
        assertEquals(List.of("a".repeat(Analyzer.MAX_TOKEN_LENGTH), "b"), tokens);
    }

    @Test
    void keepsSupplementaryCharactersWhole() {
        String text = "x\uD835\uDC00y"; // MATHEMATICAL BOLD CAPITAL A is a letter
        assertEquals(1, analyzer.tokens(text).size());
    }
}
