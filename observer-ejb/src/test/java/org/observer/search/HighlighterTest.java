package org.observer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.FieldValue;
import org.observer.query.Plan;
import org.observer.query.QueryParser;
import org.observer.query.QueryPlanner;
import org.observer.search.Highlighter.Span;

class HighlighterTest {

    private final Highlighter highlighter = new Highlighter(FieldTypes.DEFAULT);

    private static Plan plan(String query) {
        return new QueryPlanner(FieldTypes.DEFAULT).plan(QueryParser.parse(query));
    }

    private Map<String, List<Span>> highlight(String query, FieldValue... fields) {
        return highlighter.highlight(plan(query), List.of(fields));
    }

    private static FieldValue f(String name, String value) {
        return new FieldValue(name, value);
    }

    /** The span of the first occurrence of {@code part} in {@code text}, in value {@code value}. */
    private static Span at(int value, String text, String part) {
        int start = text.indexOf(part);
        assertTrue(start >= 0, part + " not in " + text);
        return new Span(value, start, start + part.length());
    }

    /** The span of the last occurrence of {@code part} in {@code text}. */
    private static Span lastAt(int value, String text, String part) {
        int start = text.lastIndexOf(part);
        return new Span(value, start, start + part.length());
    }

    @Test
    void stemmedTermHighlightsEveryFormWithThatStem() {
        String message = "Too many Connections: connection refused, reconnect later";
        assertEquals(Map.of("message", List.of(at(0, message, "Connections"), at(0, message, "connection"))),
                highlight("connections", f("message", message)));
    }

    @Test
    void phraseCoversItsStopWordsAndNeedsTheirPositions() {
        String message = "Failed, to connect to db; failed connect again";
        // "to" is a stop word: it holds a position, so "failed connect" (no word between) is no occurrence.
        assertEquals(Map.of("message", List.of(at(0, message, "Failed, to connect"))),
                highlight("\"failed to connect\"", f("message", message)));
        // Any word fills a stop word's position.
        String other = "failed ON connect";
        assertEquals(Map.of("message", List.of(new Span(0, 0, other.length()))),
                highlight("\"failed to connect\"", f("message", other)));
    }

    @Test
    void reversedPhraseHighlightsNothing() {
        assertEquals(Map.of(), highlight("\"connection refused\"", f("message", "refused connection")));
        String message = "refused connection refused";
        assertEquals(Map.of("message", List.of(at(0, message, "connection refused"))),
                highlight("\"connection refused\"", f("message", message)));
    }

    @Test
    void overlappingMatchesOfOneValueAreMerged() {
        String message = "connection refused refused by peer";
        assertEquals(List.of(at(0, message, "connection refused refused"), at(0, message, "peer")),
                highlight("\"connection refused\" OR \"refused refused\" OR peer", f("message", message)).get("message"));
    }

    @Test
    void prefixMatchesTheIndexedStemmedTerms() {
        String message = "Failure: failed to reach failover, fai fallback";
        assertEquals(Map.of("message", List.of(at(0, message, "Failure"), at(0, message, "failed"),
                        at(0, message, "failover"))),
                highlight("fail*", f("message", message)));
        // The index holds "connect" for "connections", so the prefix "connection" does not find it.
        assertEquals(Map.of(), highlight("connection*", f("message", "many connections")));
        // A keyword value is one term: the prefix applies to the whole value.
        assertEquals(Map.of("host", List.of(new Span(0, 0, 8))),
                highlight("host:web-0*", f("host", "web-01-b"), f("host", "db-web-01")));
    }

    @Test
    void keywordValueMatchesWholeAndExactly() {
        // The whole value, lowercased as indexed: WEB-01 matches too, web-01-b does not.
        assertEquals(Map.of("host", List.of(new Span(0, 0, 6), new Span(2, 0, 6))),
                highlight("host:web-01", f("host", "web-01"), f("host", "web-01-b"), f("host", "WEB-01")));
    }

    @Test
    void negatedClausesAreNotHighlighted() {
        String message = "error: timeout while reading";
        assertEquals(Map.of("message", List.of(at(0, message, "error"))),
                highlight("error NOT timeout", f("message", message)));
        assertEquals(Map.of("message", List.of(at(0, message, "reading"))),
                highlight("read -(error OR timeout)", f("message", message)));
        assertEquals(Map.of(), highlight("NOT error", f("message", message)));
    }

    @Test
    void anyFieldQueryHighlightsEveryFieldAndAFieldQueryOnlyItsField() {
        String message = "deployed web-01: error here";
        String detail = "another error occurred";
        FieldValue[] fields = {f("message", message), f("detail", detail), f("level", "ERROR"), f("host", "web-01")};

        Map<String, List<Span>> any = highlight("error", fields);
        assertEquals(List.of("message", "detail", "level"), new ArrayList<>(any.keySet()));
        assertEquals(List.of(at(0, message, "error")), any.get("message"));
        assertEquals(List.of(at(0, detail, "error")), any.get("detail"));
        assertEquals(List.of(new Span(0, 0, 5)), any.get("level"));

        assertEquals(Map.of("message", List.of(at(0, message, "error"))), highlight("message:error", fields));
        assertEquals(Map.of("level", List.of(new Span(0, 0, 5))), highlight("level:error", fields));

        // web-01 anywhere: the keyword in host, the phrase "web 01" in the text.
        Map<String, List<Span>> host = highlight("web-01", fields);
        assertEquals(List.of("message", "host"), new ArrayList<>(host.keySet()));
        assertEquals(List.of(at(0, message, "web-01")), host.get("message"));
        assertEquals(List.of(new Span(0, 0, 6)), host.get("host"));
        assertEquals(Map.of("host", List.of(new Span(0, 0, 6))), highlight("host:web-01", fields));
    }

    @Test
    void existsTimeAndMatchAllHighlightNothing() {
        FieldValue[] fields = {f("message", "error"), f("level", "error")};
        assertEquals(Map.of(), highlight("message:*", fields));
        assertEquals(Map.of(), highlight("*", fields));
        assertEquals(Map.of(), highlight("@timestamp:[2025-01-01 TO 2025-02-01]", fields));
        assertEquals(Map.of("level", List.of(new Span(0, 0, 5))),
                highlight("message:* AND @timestamp:[2025-01-01 TO 2025-02-01] AND level:error", fields));
    }

    @Test
    void offsetsAreCharOffsetsInNonAsciiText() {
        String message = "\uD835\uDC00\uD835\uDC00 Größe überschritten: 12 MB (GRÖSSE)";
        assertEquals(Map.of("message", List.of(at(0, message, "überschritten"))),
                highlight("ÜBERSCHRITTEN", f("message", message)));
        assertEquals(Map.of("message", List.of(at(0, message, "Größe überschritten"))),
                highlight("\"größe überschritten\"", f("message", message)));
        assertEquals(Map.of("message", List.of(new Span(0, 0, 4))),
                highlight("\uD835\uDC00\uD835\uDC00", f("message", message))); // no lowercase mapping
        assertEquals(Map.of("message", List.of(at(0, message, "12"))), highlight("12", f("message", message)));
    }

    @Test
    void multiValuedFieldsGiveSpansPerValue() {
        String first = "alpha beta";
        FieldValue[] fields = {f("tags", first), f("host", "beta"), f("tags", "gamma"), f("tags", "beta"),
                f("tags", "Beta Beta")};
        assertEquals(List.of(at(0, first, "beta"), new Span(2, 0, 4), new Span(3, 0, 4), new Span(3, 5, 9)),
                highlight("tags:beta", fields).get("tags"));
        assertEquals(List.of("tags"), new ArrayList<>(highlight("tags:beta", fields).keySet()));
        assertEquals(List.of("tags", "host"), new ArrayList<>(highlight("beta", fields).keySet()));
    }

    @Test
    void rangesMatchKeywordValuesAndTerms() {
        FieldValue[] fields = {f("status", "503"), f("status", "404"), f("status", "599"), f("status", "600")};
        assertEquals(Map.of("status", List.of(new Span(0, 0, 3), new Span(2, 0, 3))),
                highlight("status:[500 TO 599]", fields));
        assertEquals(Map.of("status", List.of(new Span(0, 0, 3), new Span(2, 0, 3), new Span(3, 0, 3))),
                highlight("status:>500", fields));
        String message = "took 250 ms then 1200 ms";
        assertEquals(Map.of("message", List.of(lastAt(0, message, "1200"))),
                highlight("message:>=1000", f("message", message)));
    }

    @Test
    void stopWordsAloneAreNotHighlighted() {
        // "the" is not indexed; "not" is (it carries meaning).
        String message = "the host is not reachable";
        assertEquals(Map.of("message", List.of(at(0, message, "not"))),
                highlight("not*", f("message", message)));
        assertEquals(Map.of(), highlight("th*", f("message", message)));
    }

    // --- Analyzer.forEachToken(String, TokenSpans) ---

    private record Token(String token, int start, int end) {
    }

    private static List<Token> spans(String text) {
        List<Token> out = new ArrayList<>();
        Analyzer.STANDARD.forEachToken(text, (token, start, end) -> out.add(new Token(token, start, end)));
        return out;
    }

    @Test
    void tokenSpansPointAtTheirTokens() {
        String text = "GET /api/V1 Größe=\uD835\uDC00x";
        assertEquals(List.of(new Token("get", 0, 3), new Token("api", 5, 8), new Token("v1", 9, 11),
                new Token("größe", 12, 17), new Token("\uD835\uDC00x", 18, 21)), spans(text));
    }

    @Test
    void tokenSpanOfALongRunCoversTheTruncatedToken() {
        String run = "x" + "A".repeat(300);
        String text = "ab " + run + " cd";
        assertEquals(List.of(new Token("ab", 0, 2),
                new Token("x" + "a".repeat(Analyzer.MAX_TOKEN_LENGTH - 1), 3, 3 + Analyzer.MAX_TOKEN_LENGTH),
                new Token("cd", 3 + run.length() + 1, text.length())), spans(text));
        // Code points, not chars: 128 supplementary letters are 256 chars.
        String wide = "\uD835\uDC00".repeat(200);
        assertEquals(List.of(new Token("\uD835\uDC00".repeat(Analyzer.MAX_TOKEN_LENGTH), 0,
                2 * Analyzer.MAX_TOKEN_LENGTH)), spans(wide));
    }

    @Test
    void tokenSpansAgreeWithTokensOnRandomText() {
        Random random = new Random(23);
        String alphabet = "abcXYZ09 -_.:/=\"\u00e9\u00c9\u00df\u00dc\u0130\u65e5\u2014\uD800";
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(round % 10 == 0 ? 400 : 40);
            for (int i = 0; i < n; i++) {
                int r = random.nextInt(100);
                if (r == 0) {
                    sb.append("\uD835\uDC00"); // a supplementary letter
                } else if (r == 1) {
                    sb.append("A".repeat(120 + random.nextInt(20))); // around the length cap
                } else if (r == 2) {
                    sb.append("\u00e9".repeat(120 + random.nextInt(20)));
                } else {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = sb.toString();
            List<Token> spans = spans(text);
            assertEquals(Analyzer.STANDARD.tokens(text), spans.stream().map(Token::token).toList(), text);
            int previousEnd = 0;
            for (Token t : spans) {
                assertTrue(t.start() >= previousEnd && t.start() < t.end() && t.end() <= text.length(), text);
                assertEquals(t.token(), Analyzer.lowercase(text, t.start(), t.end()), text);
                // A span starts a run of letters/digits.
                assertFalse(t.start() > 0 && Character.isLetterOrDigit(text.codePointBefore(t.start())), text);
                previousEnd = t.end();
            }
        }
    }
}
