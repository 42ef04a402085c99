package org.observer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class QueryParserTest {

    // ---- helpers -------------------------------------------------------------------------

    private static Query parse(String q) {
        return QueryParser.parse(q);
    }

    private static TermQuery t(String text) {
        return new TermQuery(null, text);
    }

    private static TermQuery t(String field, String text) {
        return new TermQuery(field, text);
    }

    private static PhraseQuery p(String text) {
        return new PhraseQuery(null, text);
    }

    private static PhraseQuery p(String field, String text) {
        return new PhraseQuery(field, text);
    }

    private static PrefixQuery pre(String field, String prefix) {
        return new PrefixQuery(field, prefix);
    }

    private static RangeQuery range(String field, String lower, boolean includeLower, String upper,
            boolean includeUpper) {
        return new RangeQuery(field, lower, includeLower, upper, includeUpper);
    }

    private static AndQuery and(Query... clauses) {
        return new AndQuery(List.of(clauses));
    }

    private static OrQuery or(Query... clauses) {
        return new OrQuery(List.of(clauses));
    }

    private static NotQuery not(Query clause) {
        return new NotQuery(clause);
    }

    /** Asserts that {@code q} fails at {@code position} expecting exactly {@code expected}. */
    private static void assertSyntaxError(String q, int position, String expected) {
        QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(q),
                () -> "parsing <" + q + "> should fail");
        assertEquals("Query syntax error at position " + position + ": expected " + expected, e.getMessage(),
                () -> "query <" + q + ">");
        assertEquals(position, e.position(), () -> "query <" + q + ">");
    }

    // ---- blank and match-all ---------------------------------------------------------------

    @Test
    void blankQueryMatchesAll() {
        assertEquals(new MatchAllQuery(), parse(null));
        assertEquals(new MatchAllQuery(), parse(""));
        assertEquals(new MatchAllQuery(), parse("   \t\n"));
    }

    @Test
    void loneStarMatchesAll() {
        assertEquals(new MatchAllQuery(), parse("*"));
        assertEquals(new MatchAllQuery(), parse(" ( * ) "));
        assertEquals(not(new MatchAllQuery()), parse("-*"));
        assertEquals(and(new MatchAllQuery(), t("a")), parse("* a"));
    }

    // ---- words -----------------------------------------------------------------------------

    @Test
    void bareWordIsKeptRawWithoutLowercasing() {
        assertEquals(t("ERROR"), parse("ERROR"));
        assertEquals(t("Disk"), parse("  Disk  "));
    }

    @Test
    void wordsAreAndedImplicitly() {
        assertEquals(and(t("disk"), t("Full"), t("now")), parse("  disk   Full\tnow "));
    }

    @Test
    void punctuationStaysInsideTheWord() {
        assertEquals(t("/api/v1"), parse("/api/v1"));
        assertEquals(t("web-01"), parse("web-01"));
        assertEquals(t("2025-07-10"), parse("2025-07-10"));
        assertEquals(t("a-"), parse("a-"));
        assertEquals(t("what?"), parse("what?"));
        assertEquals(t("f?il"), parse("f?il"));
        assertEquals(t("a!b"), parse("a!b"));
        assertEquals(t("[a"), parse("[a"));
        assertEquals(t(">5"), parse(">5"));
        assertEquals(t("a&&b"), parse("a&&b"));
    }

    @Test
    void repeatedClausesAreKept() {
        assertEquals(and(t("a"), t("a")), parse("a a"));
    }

    @Test
    void unicodeWordsAndFields() {
        assertEquals(t("größe"), parse("größe"));
        assertEquals(t("fehler", "größe"), parse("fehler:größe"));
        assertEquals(and(t("日本語"), t("😀x")), parse("日本語 😀x"));
        assertEquals(pre("名前", "東"), parse("名前:東*"));
    }

    @Test
    void quoteAndParenthesisEndAWord() {
        assertEquals(and(t("ab"), p("cd")), parse("ab\"cd\""));
        assertEquals(and(t("a"), t("b")), parse("a(b)"));
        assertEquals(and(p("x"), t("y")), parse("\"x\"y"));
    }

    // ---- escapes ---------------------------------------------------------------------------

    @Test
    void backslashMakesTheNextCharacterLiteral() {
        assertEquals(t("a:b"), parse("a\\:b"));
        assertEquals(t("(a)"), parse("\\(a\\)"));
        assertEquals(t("fail*"), parse("fail\\*"));
        assertEquals(t("*"), parse("\\*"));
        assertEquals(t("say\"hi\""), parse("say\\\"hi\\\""));
        assertEquals(t("back\\slash"), parse("back\\\\slash"));
        assertEquals(t("two words"), parse("two\\ words"));
        assertEquals(t("-x"), parse("\\-x"));
        assertEquals(t("!x"), parse("\\!x"));
        assertEquals(t("n"), parse("\\n"));
    }

    @Test
    void escapedOperatorsAreWords() {
        assertEquals(and(t("a"), t("AND"), t("b")), parse("a \\AND b"));
        assertEquals(t("OR"), parse("\\OR"));
        assertEquals(t("NOT"), parse("NO\\T"));
    }

    @Test
    void escapedStarBeforeTrailingStarIsPartOfThePrefix() {
        assertEquals(pre(null, "a*"), parse("a\\**"));
        assertEquals(pre(null, "*"), parse("\\**"));
    }

    @Test
    void escapesInFieldNamesAndValues() {
        assertEquals(t("a:b", "c"), parse("a\\:b:c"));
        assertEquals(t("user name", "x y"), parse("user\\ name:x\\ y"));
        assertEquals(t("f", "*"), parse("f:\\*"));
        assertEquals(t("f", "(x)"), parse("f:\\(x\\)"));
    }

    @Test
    void trailingBackslashIsASyntaxError() {
        assertSyntaxError("abc\\", 4, "a character after '\\'");
        assertSyntaxError("f:x\\", 4, "a character after '\\'");
    }

    // ---- phrases ---------------------------------------------------------------------------

    @Test
    void quotedPhraseKeepsItsRawText() {
        assertEquals(p("Disk  Full"), parse("\"Disk  Full\""));
        assertEquals(p("AND OR NOT ( ) * : -x"), parse("\"AND OR NOT ( ) * : -x\""));
        assertEquals(p("http://example.com"), parse("\"http://example.com\""));
    }

    @Test
    void escapesInsideQuotes() {
        assertEquals(p("say \"hi\""), parse("\"say \\\"hi\\\"\""));
        assertEquals(p("a\\b"), parse("\"a\\\\b\""));
        assertEquals(p("fail*"), parse("\"fail*\""));
    }

    @Test
    void phrasesCombineWithWords() {
        assertEquals(and(t("host1"), p("disk full"), t("x")), parse("host1 \"disk full\" x"));
    }

    @Test
    void unclosedQuoteIsASyntaxError() {
        assertSyntaxError("\"disk full", 10, "a closing '\"' for the quote opened at position 0");
        assertSyntaxError("msg:\"disk full", 14, "a closing '\"' for the quote opened at position 4");
        assertSyntaxError("a \"b\\\"", 6, "a closing '\"' for the quote opened at position 2");
        assertSyntaxError("a \"b\\", 5, "a closing '\"' for the quote opened at position 2");
        assertSyntaxError("\"", 1, "a closing '\"' for the quote opened at position 0");
    }

    @Test
    void emptyOrBlankPhraseIsASyntaxError() {
        assertSyntaxError("\"\"", 1, "text between the quotes");
        assertSyntaxError("a \"  \"", 3, "text between the quotes");
        assertSyntaxError("msg:\"\"", 5, "text between the quotes");
    }

    // ---- prefixes and wildcard misuse ----------------------------------------------------------

    @Test
    void trailingStarIsAPrefix() {
        assertEquals(pre(null, "Fail"), parse("Fail*"));
        assertEquals(pre("host", "web-"), parse("host:web-*"));
        assertEquals(pre("url", "http://x"), parse("url:http://x*"));
        assertEquals(and(pre(null, "a"), t("b")), parse("a* b"));
    }

    @Test
    void starAnywhereButTheEndIsASyntaxError() {
        assertSyntaxError("*fail", 0, "wildcards are supported only at the end of a term");
        assertSyntaxError("x f*il", 3, "wildcards are supported only at the end of a term");
        assertSyntaxError("fail**", 4, "wildcards are supported only at the end of a term");
        assertSyntaxError("**", 0, "wildcards are supported only at the end of a term");
        assertSyntaxError("f:*x", 2, "wildcards are supported only at the end of a term");
        assertSyntaxError("f:a*b*", 3, "wildcards are supported only at the end of a term");
        assertSyntaxError("f:**", 2, "wildcards are supported only at the end of a term");
        assertSyntaxError("f:(a *b)", 5, "wildcards are supported only at the end of a term");
    }

    // ---- fields ----------------------------------------------------------------------------

    @Test
    void fieldValue() {
        assertEquals(t("level", "Error"), parse("level:Error"));
        assertEquals(t("user.name", "alice"), parse("user.name:alice"));
        assertEquals(t("@timestamp", "2025"), parse("@timestamp:2025"));
        assertEquals(t("host-name", "x"), parse("host-name:x"));
        assertEquals(t("level", "-1"), parse("level:-1"));
        assertEquals(t("x", "!y"), parse("x:!y"));
        assertEquals(t("and", "or"), parse("and:or"));
        assertEquals(t("AND", "x"), parse("AND:x"));
        assertEquals(t("k", "a]"), parse("k:a]"));
    }

    @Test
    void unquotedFieldValueMayContainColons() {
        assertEquals(t("url", "http://x/y"), parse("url:http://x/y"));
        assertEquals(t("a", "b:c"), parse("a:b:c"));
        assertEquals(t("t", "10:00:00"), parse("t:10:00:00"));
    }

    @Test
    void quotedFieldValueIsAPhrase() {
        assertEquals(and(p("msg", "disk full"), t("host1")), parse("msg:\"disk full\" host1"));
        assertEquals(p("url", "http://x/y z"), parse("url:\"http://x/y z\""));
    }

    @Test
    void fieldStarMeansTheFieldExists() {
        assertEquals(new ExistsQuery("user.name"), parse("user.name:*"));
        assertEquals(not(new ExistsQuery("error")), parse("-error:*"));
    }

    @Test
    void fieldWithoutValueIsASyntaxError() {
        assertSyntaxError("level: error", 6, "a value after 'level:'");
        assertSyntaxError("a level:", 8, "a value after 'level:'");
        assertSyntaxError("(level:)", 7, "a value after 'level:'");
        assertSyntaxError("user\\ name:", 11, "a value after 'user name:'");
    }

    @Test
    void colonWithoutFieldNameIsASyntaxError() {
        assertSyntaxError(":x", 0, "a field name before ':'");
        assertSyntaxError("a :x", 2, "a field name before ':'");
        assertSyntaxError("-:x", 1, "a field name before ':'");
    }

    @Test
    void starInAFieldNameIsASyntaxError() {
        assertSyntaxError("lev*:x", 3, "a field name without '*'");
        assertSyntaxError("*:x", 0, "a field name without '*'");
    }

    // ---- field groups ------------------------------------------------------------------------

    @Test
    void fieldGroupAppliesTheFieldToEveryValue() {
        assertEquals(or(t("level", "error"), t("level", "warn")), parse("level:(error OR warn)"));
        assertEquals(and(t("msg", "disk"), t("msg", "full")), parse("msg:(disk full)"));
        assertEquals(t("level", "error"), parse("level:( error )"));
    }

    @Test
    void fieldGroupHoldsPhrasesPrefixesOperatorsAndNestedGroups() {
        assertEquals(or(p("msg", "disk full"), pre("msg", "fail"), not(t("msg", "ok"))),
                parse("msg:(\"disk full\" OR fail* OR NOT ok)"));
        assertEquals(and(t("f", "a"), or(t("f", "b"), and(t("f", "c"), not(t("f", "d"))))),
                parse("f:(a (b OR (c -d)))"));
        assertEquals(and(or(t("f", "a"), t("f", "b")), t("c")), parse("f:(a OR b) c"));
        assertEquals(t("f", "a:b"), parse("f:(a\\:b)"));
        assertEquals(new ExistsQuery("f"), parse("f:(*)"));
    }

    @Test
    void fieldGroupHoldsRangesAndComparisons() {
        assertEquals(or(range("status", "500", true, null, false), t("status", "404")),
                parse("status:(>=500 OR 404)"));
        assertEquals(or(range("status", "500", true, "599", true), t("status", "404")),
                parse("status:([500 TO 599] OR 404)"));
    }

    @Test
    void fieldInsideAFieldGroupIsASyntaxError() {
        assertSyntaxError("level:(error other:x)", 13, "a value without a field of its own inside 'level:( )'");
        assertSyntaxError("a:(b (c:d))", 6, "a value without a field of its own inside 'a:( )'");
        assertSyntaxError("url:(http://x)", 5, "a value without a field of its own inside 'url:( )'");
    }

    @Test
    void fieldGroupErrors() {
        assertSyntaxError("f:()", 3, "a query inside '( )'");
        assertSyntaxError("f:(a", 4, "a ')' to close the '(' at position 2");
        assertSyntaxError("f:(a OR)", 7, "a query after 'OR'");
    }

    // ---- ranges and comparisons ----------------------------------------------------------------

    @Test
    void inclusiveAndExclusiveRanges() {
        assertEquals(range("status", "500", true, "599", true), parse("status:[500 TO 599]"));
        assertEquals(range("status", "500", false, "599", false), parse("status:{500 TO 599}"));
        assertEquals(range("status", "500", true, "599", false), parse("status:[500 TO 599}"));
        assertEquals(range("status", "500", false, "599", true), parse("status:{500 TO 599]"));
        assertEquals(range("n", "a", true, "b", true), parse("n:[  a   TO\tb  ]"));
    }

    @Test
    void starBoundIsUnbounded() {
        assertEquals(range("@timestamp", "2025-07-10T00:00:00Z", true, null, false),
                parse("@timestamp:[2025-07-10T00:00:00Z TO *]"));
        assertEquals(range("n", null, false, "9", false), parse("n:[* TO 9}"));
        assertEquals(range("n", null, false, null, false), parse("n:[* TO *]"));
    }

    @Test
    void quotedAndEscapedBounds() {
        assertEquals(range("name", "a b", true, "*", true), parse("name:[\"a b\" TO \"*\"]"));
        assertEquals(range("name", "a]", true, "TO", true), parse("name:[a\\] TO \\TO]"));
        assertEquals(range("name", "x", true, "y", false), parse("name:[\"x\"TO\"y\"}"));
    }

    @Test
    void rangeCombinesWithOtherClauses() {
        assertEquals(and(t("error"), range("status", "500", true, "599", true), not(t("host", "a"))),
                parse("error status:[500 TO 599] -host:a"));
        assertEquals(and(range("n", "1", true, "2", true), t("x")), parse("n:[1 TO 2]x"));
    }

    @Test
    void comparisons() {
        assertEquals(range("status", "500", false, null, false), parse("status:>500"));
        assertEquals(range("status", "500", true, null, false), parse("status:>=500"));
        assertEquals(range("took", null, false, "10", false), parse("took:<10"));
        assertEquals(range("took", null, false, "10", true), parse("took:<=10"));
        assertEquals(range("@timestamp", "2025-07-10T10:00:00Z", true, null, false),
                parse("@timestamp:>=2025-07-10T10:00:00Z"));
        assertEquals(range("name", "a b", false, null, false), parse("name:>\"a b\""));
        assertEquals(and(range("n", null, false, "5", false), t("x")), parse("(n:<5) x"));
    }

    @Test
    void comparisonEqualsTheMatchingRange() {
        assertEquals(parse("n:[5 TO *]"), parse("n:>=5"));
        assertEquals(parse("n:{5 TO *]"), parse("n:>5"));
        assertEquals(parse("n:[* TO 5}"), parse("n:<5"));
    }

    @Test
    void rangeWithoutToIsASyntaxError() {
        assertSyntaxError("n:[1 2]", 5, "'TO'");
        assertSyntaxError("n:[1 to 2]", 5, "'TO'");
        assertSyntaxError("n:[1 TOO 2]", 5, "'TO'");
        assertSyntaxError("n:[1]", 4, "'TO'");
        assertSyntaxError("n:[1", 4, "'TO'");
    }

    @Test
    void unclosedRangeIsASyntaxError() {
        assertSyntaxError("n:[1 TO 2", 9, "']' or '}'");
        assertSyntaxError("n:[1 TO 2 3]", 10, "']' or '}'");
        assertSyntaxError("n:[1 TO 2)", 9, "']' or '}'");
    }

    @Test
    void missingBoundIsASyntaxError() {
        assertSyntaxError("n:[]", 3, "a range bound");
        assertSyntaxError("n:[1 TO ]", 8, "a range bound");
        assertSyntaxError("n:[1 TO]", 7, "a range bound");
        assertSyntaxError("n:[1 TO", 7, "a range bound");
        assertSyntaxError("n:[", 3, "a range bound");
        assertSyntaxError("n:[\"\" TO 1]", 4, "text between the quotes");
    }

    @Test
    void wildcardInsideABoundIsASyntaxError() {
        assertSyntaxError("n:[a* TO b]", 4, "'*' only as a whole range bound");
        assertSyntaxError("n:[a TO *b]", 8, "'*' only as a whole range bound");
        assertSyntaxError("n:>1*", 4, "'*' only as a whole range bound");
    }

    @Test
    void comparisonWithoutValueIsASyntaxError() {
        assertSyntaxError("n:>", 3, "a value after '>'");
        assertSyntaxError("n:>= 5", 4, "a value after '>='");
        assertSyntaxError("(n:<)", 4, "a value after '<'");
        assertSyntaxError("n:<=", 4, "a value after '<='");
    }

    // ---- boolean operators -------------------------------------------------------------------------

    @Test
    void explicitAndOrNot() {
        assertEquals(and(t("a"), t("b")), parse("a AND b"));
        assertEquals(or(t("a"), t("b")), parse("a OR b"));
        assertEquals(not(t("a")), parse("NOT a"));
        assertEquals(and(t("a"), not(t("b"))), parse("a AND NOT b"));
        assertEquals(or(t("a"), not(t("b"))), parse("a OR NOT b"));
    }

    @Test
    void symbolSynonyms() {
        assertEquals(and(t("a"), t("b")), parse("a && b"));
        assertEquals(or(t("a"), t("b")), parse("a || b"));
        assertEquals(not(t("a")), parse("!a"));
        assertEquals(not(t("a")), parse("! a"));
        assertEquals(or(t("a"), and(t("b"), not(t("c")))), parse("a || b && !c"));
    }

    @Test
    void lowercaseOperatorsAreWords() {
        assertEquals(and(t("a"), t("and"), t("b")), parse("a and b"));
        assertEquals(and(t("a"), t("or"), t("b")), parse("a or b"));
        assertEquals(and(t("not"), t("a")), parse("not a"));
        assertEquals(and(t("a"), t("And"), t("b")), parse("a And b"));
    }

    @Test
    void operatorsMustBeWholeWords() {
        assertEquals(and(t("ANDROID"), t("ORACLE"), t("NOTE")), parse("ANDROID ORACLE NOTE"));
        assertEquals(and(t("a"), t("&&b")), parse("a &&b"));
        assertEquals(and(t("a"), pre(null, "OR")), parse("a OR*"));
        assertEquals(and(t("a"), t("OR", "b")), parse("a OR:b"));
    }

    @Test
    void operatorsNextToParenthesesAndQuotes() {
        assertEquals(not(or(t("a"), t("b"))), parse("NOT(a OR b)"));
        assertEquals(and(t("a"), or(t("b"), t("c"))), parse("a AND(b OR c)"));
        assertEquals(or(and(t("a"), t("b")), p("c")), parse("(a b)OR\"c\""));
    }

    @Test
    void chainsAreFlattened() {
        assertEquals(and(t("a"), t("b"), t("c")), parse("a AND b AND c"));
        assertEquals(or(t("a"), t("b"), t("c")), parse("a OR b OR c"));
        assertEquals(and(t("a"), t("b"), t("c"), t("d")), parse("a AND b c && d"));
        assertEquals(or(t("a"), t("b"), t("c")), parse("a || b OR c"));
    }

    @Test
    void singleClauseIsNotWrapped() {
        assertEquals(t("a"), parse("a"));
        assertEquals(t("a"), parse("(a)"));
        assertEquals(t("a"), parse("((a))"));
    }

    @Test
    void parenthesizedGroupsStayNested() {
        assertEquals(and(and(t("a"), t("b")), t("c")), parse("(a b) c"));
        assertEquals(or(or(t("a"), t("b")), t("c")), parse("(a OR b) OR c"));
    }

    @Test
    void orBindsLooserThanAnd() {
        assertEquals(or(t("a"), and(t("b"), t("c"))), parse("a OR b c"));
        assertEquals(or(t("a"), and(t("b"), t("c"))), parse("a OR b AND c"));
        assertEquals(or(and(t("a"), t("b")), t("c")), parse("a b OR c"));
        assertEquals(or(and(t("a"), t("b")), and(t("c"), t("d"))), parse("a AND b OR c AND d"));
    }

    @Test
    void notBindsTighterThanAnd() {
        assertEquals(and(not(t("a")), t("b")), parse("NOT a b"));
        assertEquals(and(t("a"), not(t("b"))), parse("a NOT b"));
        assertEquals(or(not(t("a")), t("b")), parse("NOT a OR b"));
        assertEquals(not(not(t("a"))), parse("NOT NOT a"));
    }

    @Test
    void minusExcludesAndPlusRequires() {
        assertEquals(and(t("a"), not(t("b"))), parse("a -b"));
        assertEquals(not(or(t("a"), t("b"))), parse("-(a OR b)"));
        assertEquals(not(t("level", "debug")), parse("-level:debug"));
        assertEquals(not(p("disk full")), parse("-\"disk full\""));
        assertEquals(not(pre(null, "fail")), parse("-fail*"));
        assertEquals(and(t("a"), not(t("b"))), parse("+a -b"));
        assertEquals(t("a"), parse("+a"));
        assertEquals(not(not(t("a"))), parse("--a"));
        assertEquals(not(t("5")), parse("-5"));
        assertEquals(and(t("a"), not(t("b")), t("c")), parse("a AND -b c"));
        assertEquals(or(t("a"), not(t("b"))), parse("a OR -b"));
    }

    @Test
    void parenthesesGroup() {
        assertEquals(and(or(t("a"), t("b")), t("c")), parse("(a OR b) c"));
        assertEquals(and(t("c"), or(t("a"), t("b"))), parse("c (a OR b)"));
        assertEquals(or(t("a"), and(t("b"), or(t("c"), t("d")))), parse("( a OR ( b ( c OR d ) ) )"));
    }

    @Test
    void mixedRealisticQuery() {
        assertEquals(
                and(or(t("level", "error"), t("level", "fatal")),
                        pre("host", "web-"),
                        not(p("msg", "health check")),
                        range("@timestamp", "2025-07-10T00:00:00Z", true, null, false)),
                parse("level:(error OR fatal) AND host:web-* -msg:\"health check\" "
                        + "@timestamp:>=2025-07-10T00:00:00Z"));
    }

    // ---- operator and parenthesis errors --------------------------------------------------------------

    @Test
    void danglingOperatorIsASyntaxError() {
        assertSyntaxError("a AND", 5, "a query after 'AND'");
        assertSyntaxError("a AND ", 6, "a query after 'AND'");
        assertSyntaxError("a OR", 4, "a query after 'OR'");
        assertSyntaxError("a &&", 4, "a query after '&&'");
        assertSyntaxError("OR b", 0, "a query before 'OR'");
        assertSyntaxError("AND b", 0, "a query before 'AND'");
        assertSyntaxError("  || b", 2, "a query before '||'");
        assertSyntaxError("a OR OR b", 5, "a query after 'OR'");
        assertSyntaxError("a AND OR b", 6, "a query after 'AND'");
        assertSyntaxError("a OR AND b", 5, "a query after 'OR'");
        assertSyntaxError("NOT", 3, "a query after 'NOT'");
        assertSyntaxError("a NOT", 5, "a query after 'NOT'");
        assertSyntaxError("NOT OR a", 4, "a query after 'NOT'");
        assertSyntaxError("a !", 3, "a query after '!'");
        assertSyntaxError("(OR a)", 1, "a query before 'OR'");
        assertSyntaxError("(a AND)", 6, "a query after 'AND'");
    }

    @Test
    void minusOrPlusMustTouchTheirClause() {
        assertSyntaxError("a - b", 3, "a query right after '-'");
        assertSyntaxError("-", 1, "a query right after '-'");
        assertSyntaxError("a +", 3, "a query right after '+'");
        assertSyntaxError("(a -)", 4, "a query after '-'");
    }

    @Test
    void unbalancedParenthesesAreASyntaxError() {
        assertSyntaxError("a)", 1, "an opening '(' for this ')'");
        assertSyntaxError("(a) b)", 5, "an opening '(' for this ')'");
        assertSyntaxError(")", 0, "an opening '(' for this ')'");
        assertSyntaxError("(a", 2, "a ')' to close the '(' at position 0");
        assertSyntaxError("x ((a) b", 8, "a ')' to close the '(' at position 2");
        assertSyntaxError("(", 1, "a query inside '( )'");
    }

    @Test
    void emptyParenthesesAreASyntaxError() {
        assertSyntaxError("()", 1, "a query inside '( )'");
        assertSyntaxError("a ( ) b", 4, "a query inside '( )'");
    }

    @Test
    void nestingIsBoundedWithASyntaxErrorInsteadOfAStackOverflow() {
        int max = QueryParser.MAX_DEPTH;
        assertEquals(t("x"), parse("(".repeat(max - 1) + "x" + ")".repeat(max - 1)));
        assertEquals(t("x"), parse("+".repeat(max - 1) + "x"));
        for (String deep : List.of("(".repeat(max) + "x" + ")".repeat(max), "!".repeat(100_000) + "x",
                "NOT ".repeat(max) + "x", "-(".repeat(50_000) + "x", "a:" + "(".repeat(max) + "x" + ")".repeat(max))) {
            QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> parse(deep));
            assertEquals("Query syntax error at position " + e.position() + ": expected at most " + max
                    + " nested groups and negations", e.getMessage());
        }
    }

    @Test
    void syntaxErrorIsAnIllegalArgumentException() {
        assertThrows(IllegalArgumentException.class, () -> QueryParser.parse("a AND"));
    }

    // ---- the tree itself ---------------------------------------------------------------------------------

    @Test
    void treeNodesValidateAndCopy() {
        List<Query> clauses = new java.util.ArrayList<>(List.of(t("a"), t("b")));
        AndQuery and = new AndQuery(clauses);
        clauses.add(t("c"));
        assertEquals(2, and.clauses().size());
        assertThrows(UnsupportedOperationException.class, () -> and.clauses().add(t("d")));
        assertThrows(IllegalArgumentException.class, () -> new PrefixQuery(null, ""));
        assertThrows(NullPointerException.class, () -> new RangeQuery(null, "a", true, "b", true));
        assertEquals(range("f", null, false, "b", true), new RangeQuery("f", null, true, "b", true));
    }
}
