package org.observer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class QueryParserTest {

    @Test
    void blankQueryMatchesAll() {
        assertEquals(new MatchAllQuery(), QueryParser.parse(""));
        assertEquals(new MatchAllQuery(), QueryParser.parse("   \t"));
        assertEquals(new MatchAllQuery(), QueryParser.parse(null));
    }

    @Test
    void bareWordIsAnalyzedAndMatchesAnyField() {
        assertEquals(new TermQuery(null, "error"), QueryParser.parse("ERROR"));
    }

    @Test
    void wordsAreAndedTogether() {
        assertEquals(new AndQuery(List.of(new TermQuery(null, "disk"), new TermQuery(null, "full"))),
                QueryParser.parse("  disk   Full "));
    }

    @Test
    void wordWithSeveralTokensRequiresAllOfThem() {
        assertEquals(new AndQuery(List.of(new TermQuery(null, "api"), new TermQuery(null, "v1"))),
                QueryParser.parse("/api/v1"));
    }

    @Test
    void fieldValueMatchesInThatField() {
        assertEquals(new TermQuery("user.name", "alice"), QueryParser.parse("user.name:Alice"));
    }

    @Test
    void quotedFieldValueMayContainSpaces() {
        assertEquals(new AndQuery(List.of(new TermQuery("msg", "disk"), new TermQuery("msg", "full"),
                new TermQuery(null, "host1"))), QueryParser.parse("msg:\"disk full\" host1"));
    }

    @Test
    void quotedPhraseWithoutFieldMatchesAnyField() {
        assertEquals(new AndQuery(List.of(new TermQuery(null, "http"), new TermQuery(null, "example"),
                new TermQuery(null, "com"))), QueryParser.parse("\"http://example.com\""));
    }

    @Test
    void repeatedTermsAreKeptOnce() {
        assertEquals(new TermQuery(null, "a"), QueryParser.parse("a A a"));
    }

    @Test
    void punctuationOnlyClauseIsDropped() {
        assertEquals(new TermQuery(null, "x"), QueryParser.parse("-- x"));
        assertEquals(new MatchAllQuery(), QueryParser.parse("--"));
    }

    @Test
    void unterminatedQuoteIsASyntaxError() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse("msg:\"disk full"));
        assertEquals(14, e.position());
        assertTrue(e.getMessage().contains("position 14"), e.getMessage());
        assertTrue(e.getMessage().contains("closing '\"'"), e.getMessage());
    }

    @Test
    void fieldWithoutValueIsASyntaxError() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse("level: error"));
        assertEquals(6, e.position());
        assertTrue(e.getMessage().contains("a value after 'level:'"), e.getMessage());
        assertThrows(QuerySyntaxException.class, () -> QueryParser.parse("a level:"));
    }

    @Test
    void colonWithoutFieldNameIsASyntaxError() {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(":x"));
        assertEquals(0, e.position());
    }

    @Test
    void syntaxErrorIsAnIllegalArgumentException() {
        assertThrows(IllegalArgumentException.class, () -> QueryParser.parse("\""));
    }
}
