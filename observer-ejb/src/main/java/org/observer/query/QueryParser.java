package org.observer.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the search language (Lucene/Kibana-like) into a syntax tree of {@link Query} nodes that
 * hold the user's raw text: nothing is analyzed or lowercased here.
 *
 * <h2>Grammar</h2>
 * <pre>
 * query      = or
 * or         = and { ("OR" | "||") and }
 * and        = unary { [ "AND" | "&amp;&amp;" ] unary }       (juxtaposition is AND)
 * unary      = ("NOT" | "!") unary                  (whitespace allowed after NOT and !)
 *            | "-" unary | "+" unary                (no whitespace after - and +)
 *            | primary
 * primary    = "(" or ")" | phrase | field ":" value | word
 * value      = "(" or ")"                           (the field applies to every value inside)
 *            | phrase | range | comparison | word
 * range      = ("[" | "{") bound "TO" bound ("]" | "}")
 * comparison = (">" | ">=" | "&lt;" | "&lt;=") (word | phrase)   (no whitespace after the operator)
 * phrase     = '"' { char | "\" any } '"'
 * </pre>
 * <ul>
 * <li><b>Precedence</b>: OR lowest, then AND, then the unary NOT. {@code a OR b c} is
 * {@code a OR (b AND c)}; {@code NOT a b} is {@code (NOT a) AND b}. Chains are flattened:
 * {@code a AND b c} is one {@link AndQuery} of three, {@code a OR b OR c} one {@link OrQuery} of
 * three; a parenthesized group stays one nested clause.</li>
 * <li><b>Operators</b> {@code AND}, {@code OR}, {@code NOT} (and {@code TO} in a range) are
 * recognized only in upper case and as whole words (followed by whitespace, {@code ( ) "} or the
 * end); {@code and}, {@code ANDROID}, {@code AND:x} are ordinary words or fields. {@code &&} and
 * {@code ||} are whole-word synonyms of AND and OR; {@code !} at the start of a clause means NOT.
 * {@code -x} at the start of a clause is {@code NOT x}; {@code +x} is {@code x}.</li>
 * <li><b>Words</b> run up to whitespace or one of {@code ( ) "}; a backslash makes the next
 * character literal ({@code \: \( \* \" \\ \ }). A {@code -} inside a word is part of it
 * ({@code web-01}). A word ending in an unescaped {@code *} is a {@link PrefixQuery}; a lone
 * {@code *} matches everything; an unescaped {@code *} elsewhere in a word is an error.
 * {@code ?} is an ordinary character.</li>
 * <li><b>Fields</b>: a word followed by an unescaped {@code :} names a field
 * ({@code user.name:alice}); the value must follow the colon directly. An unquoted value may itself
 * contain colons ({@code url:http://x/y}). {@code field:*} is an {@link ExistsQuery};
 * {@code field:(a OR b*)} applies the field to every value in the group (where ranges,
 * comparisons and {@code *} mean the same as after {@code field:}); a group cannot hold another
 * field, so inside it a colon must be escaped or quoted.</li>
 * <li><b>Ranges</b>: {@code [} / {@code ]} include the bound, <code>{</code> / <code>}</code>
 * exclude it; a bound is a word or a quoted string, may contain colons, and {@code *} means
 * unbounded. {@code field:>a} is <code>field:{a TO *}</code>, {@code field:>=a} is
 * <code>field:[a TO *}</code>, and so on.</li>
 * </ul>
 * A blank query matches everything. Anything else that does not fit the grammar throws a
 * {@link QuerySyntaxException} with the position of the problem and what was expected there; so
 * does a query beyond the limits ({@value #MAX_DEPTH} nested groups and negations,
 * {@value #MAX_CLAUSES} clauses), which keep the parser's recursion and the work of every query
 * bounded whatever the text.
 */
public final class QueryParser {

    private static final String WILDCARD_MISUSE = "wildcards are supported only at the end of a term";

    /** Deepest nesting of groups and negations ({@code ((a))} and {@code NOT NOT a} are 3). */
    public static final int MAX_DEPTH = 100;
    /** Most clauses (words, phrases, ranges, comparisons) in one query: Lucene's classic max clause count. */
    public static final int MAX_CLAUSES = 1_024;

    private final String text;
    private int pos;
    private int depth;
    private int clauseCount;

    private QueryParser(String text) {
        this.text = text;
    }

    /**
     * Parses {@code query}; {@code null} or blank gives {@link MatchAllQuery}.
     *
     * @throws QuerySyntaxException if the text does not fit the grammar
     */
    public static Query parse(String query) {
        if (query == null || query.isBlank()) {
            return new MatchAllQuery();
        }
        QueryParser parser = new QueryParser(query);
        Query result = parser.parseOr(null);
        parser.skipWhitespace();
        if (!parser.atEnd()) {
            // parseOr stops early only at a ')'
            throw new QuerySyntaxException(parser.pos, "an opening '(' for this ')'");
        }
        return result;
    }

    /** @param field the field of an enclosing {@code field:( )} group, or {@code null} */
    private Query parseOr(String field) {
        List<Query> clauses = new ArrayList<>();
        clauses.add(parseAnd(field, null));
        while (true) {
            skipWhitespace();
            String op = orOperatorAt();
            if (op == null) {
                break;
            }
            pos += op.length();
            clauses.add(parseAnd(field, op));
        }
        return clauses.size() == 1 ? clauses.get(0) : new OrQuery(clauses);
    }

    /** @param after the operator just read before this AND chain, or {@code null} */
    private Query parseAnd(String field, String after) {
        List<Query> clauses = new ArrayList<>();
        clauses.add(parseUnary(field, after));
        while (true) {
            skipWhitespace();
            if (atEnd() || peek() == ')' || orOperatorAt() != null) {
                break;
            }
            String op = andOperatorAt();
            if (op != null) {
                pos += op.length();
            }
            clauses.add(parseUnary(field, op));
        }
        return clauses.size() == 1 ? clauses.get(0) : new AndQuery(clauses);
    }

    /** @param after the operator just read (it needs a clause after it), or {@code null} */
    private Query parseUnary(String field, String after) {
        if (++depth > MAX_DEPTH) { // every group and negation passes here: the one place recursion is bounded
            throw new QuerySyntaxException(pos, "at most " + MAX_DEPTH + " nested groups and negations");
        }
        try {
            return parseUnaryClause(field, after);
        } finally {
            depth--;
        }
    }

    private Query parseUnaryClause(String field, String after) {
        skipWhitespace();
        String needed = after == null ? null : "a query after '" + after + "'";
        if (atEnd()) {
            throw new QuerySyntaxException(pos, needed == null ? "a query" : needed);
        }
        if (peek() == ')') {
            throw new QuerySyntaxException(pos, needed == null ? "an opening '(' for this ')'" : needed);
        }
        String binary = andOperatorAt() != null ? andOperatorAt() : orOperatorAt();
        if (binary != null) {
            throw new QuerySyntaxException(pos, needed == null ? "a query before '" + binary + "'" : needed);
        }
        if (keywordAt("NOT", false)) {
            pos += 3;
            return new NotQuery(parseUnary(field, "NOT"));
        }
        char c = peek();
        if (c == '!') {
            pos++;
            return new NotQuery(parseUnary(field, "!"));
        }
        if (c == '-' || c == '+') {
            pos++;
            if (atEnd() || Character.isWhitespace(peek())) {
                throw new QuerySyntaxException(pos, "a query right after '" + c + "'");
            }
            Query clause = parseUnary(field, String.valueOf(c));
            return c == '-' ? new NotQuery(clause) : clause;
        }
        return parsePrimary(field);
    }

    private Query parsePrimary(String field) {
        char c = peek();
        if (c == '(') {
            return parseGroup(field);
        }
        if (++clauseCount > MAX_CLAUSES) {
            throw new QuerySyntaxException(pos, "at most " + MAX_CLAUSES + " clauses in a query");
        }
        if (c == '"') {
            return new PhraseQuery(field, readQuoted());
        }
        if (field != null && (c == '[' || c == '{' || c == '>' || c == '<')) {
            return parseFieldValue(field);
        }
        int start = pos;
        Word word = readWord(true, false);
        if (atEnd() || peek() != ':') {
            return wordQuery(field, word);
        }
        if (word.text.isEmpty()) {
            throw new QuerySyntaxException(pos, "a field name before ':'");
        }
        if (field != null) {
            throw new QuerySyntaxException(start, "a value without a field of its own inside '" + field + ":( )'");
        }
        if (word.firstStar >= 0) {
            throw new QuerySyntaxException(word.firstStar, "a field name without '*'");
        }
        pos++; // ':'
        if (atEnd() || Character.isWhitespace(peek()) || peek() == ')') {
            throw new QuerySyntaxException(pos, "a value after '" + word.text + ":'");
        }
        return parseFieldValue(word.text);
    }

    /** The value after {@code field:}, or one value inside a {@code field:( )} group. */
    private Query parseFieldValue(String field) {
        switch (peek()) {
            case '(':
                return parseGroup(field);
            case '"':
                return new PhraseQuery(field, readQuoted());
            case '[':
            case '{':
                return parseRange(field);
            case '>':
            case '<':
                return parseComparison(field);
            default:
                return wordQuery(field, readWord(false, false));
        }
    }

    private Query parseGroup(String field) {
        int open = pos;
        pos++; // '('
        skipWhitespace();
        if (atEnd() || peek() == ')') {
            throw new QuerySyntaxException(pos, "a query inside '( )'");
        }
        Query inner = parseOr(field);
        skipWhitespace();
        if (atEnd()) {
            throw new QuerySyntaxException(pos, "a ')' to close the '(' at position " + open);
        }
        pos++; // ')', the only other place parseOr stops
        return inner;
    }

    private Query parseRange(String field) {
        boolean includeLower = peek() == '[';
        pos++;
        String lower = readBound();
        skipWhitespace();
        if (!keywordAt("TO", true)) {
            throw new QuerySyntaxException(pos, "'TO'");
        }
        pos += 2;
        String upper = readBound();
        skipWhitespace();
        if (atEnd() || (peek() != ']' && peek() != '}')) {
            throw new QuerySyntaxException(pos, "']' or '}'");
        }
        boolean includeUpper = peek() == ']';
        pos++;
        return new RangeQuery(field, lower, includeLower, upper, includeUpper);
    }

    private Query parseComparison(String field) {
        boolean greater = peek() == '>';
        pos++;
        boolean inclusive = !atEnd() && peek() == '=';
        if (inclusive) {
            pos++;
        }
        if (atEnd() || Character.isWhitespace(peek()) || peek() == '(' || peek() == ')') {
            String op = (greater ? ">" : "<") + (inclusive ? "=" : "");
            throw new QuerySyntaxException(pos, "a value after '" + op + "'");
        }
        String bound = peek() == '"' ? readQuoted() : boundOf(readWord(false, false));
        return greater
                ? new RangeQuery(field, bound, inclusive, null, false)
                : new RangeQuery(field, null, false, bound, inclusive);
    }

    /** A range bound: a quoted string, a word, or {@code *} (returned as {@code null}). */
    private String readBound() {
        skipWhitespace();
        if (atEnd() || isRangeDelimiter(peek()) || peek() == '(' || peek() == ')') {
            throw new QuerySyntaxException(pos, "a range bound");
        }
        if (peek() == '"') {
            return readQuoted();
        }
        return boundOf(readWord(false, true));
    }

    private static String boundOf(Word word) {
        if (word.firstStar < 0) {
            return word.text;
        }
        if (word.text.equals("*") && word.trailingStar) {
            return null;
        }
        throw new QuerySyntaxException(word.firstStar, "'*' only as a whole range bound");
    }

    private static Query wordQuery(String field, Word word) {
        if (word.firstStar < 0) {
            return new TermQuery(field, word.text);
        }
        if (!word.trailingStar || word.firstStar != word.end - 1) {
            throw new QuerySyntaxException(word.firstStar, WILDCARD_MISUSE);
        }
        if (word.text.length() == 1) {
            return field == null ? new MatchAllQuery() : new ExistsQuery(field);
        }
        return new PrefixQuery(field, word.text.substring(0, word.text.length() - 1));
    }

    /** Reads a quoted string at {@code pos} and returns its text with escapes removed. */
    private String readQuoted() {
        int open = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new QuerySyntaxException(text.length(),
                        "a closing '\"' for the quote opened at position " + open);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (atEnd()) {
                    throw new QuerySyntaxException(text.length(),
                            "a closing '\"' for the quote opened at position " + open);
                }
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        if (sb.toString().isBlank()) {
            throw new QuerySyntaxException(open + 1, "text between the quotes");
        }
        return sb.toString();
    }

    /**
     * Reads a word at {@code pos}: up to whitespace, {@code ( ) "}, an unescaped {@code :} if
     * {@code stopAtColon}, and {@code [ ] { }} if {@code inRange}. May be empty only when stopped at
     * once by a colon.
     */
    private Word readWord(boolean stopAtColon, boolean inRange) {
        int start = pos;
        StringBuilder sb = new StringBuilder();
        int firstStar = -1;
        boolean trailingStar = false;
        while (!atEnd()) {
            char c = peek();
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '"'
                    || (stopAtColon && c == ':') || (inRange && isRangeDelimiter(c))) {
                break;
            }
            if (c == '\\') {
                if (pos + 1 >= text.length()) {
                    throw new QuerySyntaxException(text.length(), "a character after '\\'");
                }
                sb.append(text.charAt(pos + 1));
                pos += 2;
                trailingStar = false;
                continue;
            }
            if (c == '*' && firstStar < 0) {
                firstStar = pos;
            }
            trailingStar = c == '*';
            sb.append(c);
            pos++;
        }
        return new Word(sb.toString(), start, pos, firstStar, trailingStar);
    }

    /**
     * A word as read: its text without escapes, its raw span, the position of its first unescaped
     * {@code *} (-1 if none) and whether its last raw character is an unescaped {@code *}.
     */
    private record Word(String text, int start, int end, int firstStar, boolean trailingStar) {
    }

    private String andOperatorAt() {
        return keywordAt("AND", false) ? "AND" : keywordAt("&&", false) ? "&&" : null;
    }

    private String orOperatorAt() {
        return keywordAt("OR", false) ? "OR" : keywordAt("||", false) ? "||" : null;
    }

    /** Whether {@code keyword} stands at {@code pos} as a whole word. */
    private boolean keywordAt(String keyword, boolean inRange) {
        if (!text.startsWith(keyword, pos)) {
            return false;
        }
        int after = pos + keyword.length();
        if (after == text.length()) {
            return true;
        }
        char c = text.charAt(after);
        return Character.isWhitespace(c) || c == '(' || c == ')' || c == '"' || (inRange && isRangeDelimiter(c));
    }

    private static boolean isRangeDelimiter(char c) {
        return c == '[' || c == ']' || c == '{' || c == '}';
    }

    private void skipWhitespace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }
}
