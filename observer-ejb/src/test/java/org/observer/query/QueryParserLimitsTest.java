package org.observer.query;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limits that keep the parser's recursion and a query's work bounded whatever the text. */
class QueryParserLimitsTest {

    @Test
    void nestingUpToTheLimitParses() {
        int groups = QueryParser.MAX_DEPTH - 1;
        assertInstanceOf(TermQuery.class, QueryParser.parse("(".repeat(groups) + "a" + ")".repeat(groups)));
        assertInstanceOf(NotQuery.class, QueryParser.parse("NOT ".repeat(groups) + "a"));
    }

    @Test
    void deeperNestingIsASyntaxError() {
        for (String query : new String[]{"(".repeat(10_000) + "a" + ")".repeat(10_000), "(".repeat(100_000),
                "NOT ".repeat(10_000) + "a", "!".repeat(10_000) + "a", "-".repeat(10_000) + "a",
                "f:(" + "(".repeat(5_000) + "a" + ")".repeat(5_000) + ")"}) {
            QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(query));
            assertTrue(e.getMessage().contains("at most " + QueryParser.MAX_DEPTH + " nested"), e.getMessage());
        }
    }

    @Test
    void moreClausesThanTheLimitIsASyntaxError() {
        QueryParser.parse("a ".repeat(QueryParser.MAX_CLAUSES));
        for (String query : new String[]{"a ".repeat(20_000), "a OR ".repeat(20_000) + "a", "f:(" + "a ".repeat(5_000) + ")",
                "\"x\" ".repeat(5_000)}) {
            QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(query));
            assertTrue(e.getMessage().contains("at most " + QueryParser.MAX_CLAUSES + " clauses"), e.getMessage());
        }
    }
}
