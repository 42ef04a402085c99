package org.observer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
    void anAsciiTokenComesWithTheHashOfItsTermAndWhetherItHoldsADigit() {
        List<String> seen = new ArrayList<>();
        analyzer.forEachToken("GET /Api/v1 took=12MS ok", new TokenSink() {
            @Override
            public void ascii(String text, int start, int end, boolean lowercase) {
                throw new AssertionError("the receiver is given the hash");
            }

            @Override
            public void ascii(String text, int start, int end, boolean lowercase, int hash, boolean digit) {
                String term = Analyzer.lowercaseAscii(text, start, end);
                assertEquals(term.hashCode(), hash, term);
                assertEquals(term.chars().anyMatch(Character::isDigit), digit, term);
                assertEquals(term.equals(text.substring(start, end)), lowercase, term);
                seen.add(term);
            }

            @Override
            public void token(String term, int start, int end) {
                seen.add(term);
            }
        });
        assertEquals(List.of("get", "api", "v1", "took", "12ms", "ok"), seen);
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

    @Test
    void matchesASimpleReferenceOnRandomText() {
        Random random = new Random(11);
        String alphabet = "abcXYZ09 -_.:/=\"\u00e9\u00c9\u65e5\u2014";
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(round % 10 == 0 ? 400 : 40);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(50) == 0) {
                    sb.append("\uD835\uDC00"); // a supplementary letter
                } else if (random.nextInt(80) == 0) {
                    sb.append("A".repeat(150)); // past the length cap
                } else {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = sb.toString();
            assertEquals(reference(text), analyzer.tokens(text), text);
        }
    }

    @Test
    void asciiBytesGiveTheTokensOfTheirText() {
        Random random = new Random(12);
        String alphabet = "abcXYZ09 -_.:/=\"\t";
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(round % 10 == 0 ? 400 : 40);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(80) == 0) {
                    sb.append("aB1".repeat(50)); // past the length cap
                } else {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = sb.toString();
            byte[] bytes = ("{" + text + "}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            List<String> seen = new ArrayList<>();
            analyzer.forEachAsciiToken(bytes, 1, bytes.length - 1, new TokenSink() {
                @Override
                public void ascii(String text, int start, int end, boolean lowercase) {
                    throw new AssertionError("bytes come as bytes");
                }

                @Override
                public void ascii(byte[] text, int start, int end, boolean lowercase, int hash, boolean digit) {
                    String token = new String(text, start, end - start, java.nio.charset.StandardCharsets.US_ASCII);
                    String term = token.toLowerCase(java.util.Locale.ROOT);
                    assertEquals(term.hashCode(), hash, term);
                    assertEquals(term.chars().anyMatch(Character::isDigit), digit, term);
                    assertEquals(term.equals(token), lowercase, term);
                    seen.add(term);
                }

                @Override
                public void token(String term, int start, int end) {
                    throw new AssertionError("an ASCII text has only ASCII tokens");
                }
            });
            assertEquals(analyzer.tokens(text), seen, text);
        }
    }

    /** Code point by code point: runs of letters or digits, lowercased, cut at the length cap. */
    private static List<String> reference(String text) {
        List<String> tokens = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; ) {
            if (!Character.isLetterOrDigit(cps[i])) {
                i++;
                continue;
            }
            StringBuilder token = new StringBuilder();
            int count = 0;
            while (i < cps.length && Character.isLetterOrDigit(cps[i])) {
                if (count++ < Analyzer.MAX_TOKEN_LENGTH) {
                    token.appendCodePoint(Character.toLowerCase(cps[i]));
                }
                i++;
            }
            tokens.add(token.toString());
        }
        return tokens;
    }
}
