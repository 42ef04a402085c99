package org.observer.storage.search;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldExtractor;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.FieldValue;
import org.observer.query.Plan;
import org.observer.storage.StorageFormat;
import org.observer.storage.dictionary.GapPositions;

/**
 * Evaluates a {@link Plan} over one chunk or the active segment into a bitmap of the ordinals in
 * [lo, hi) that match. Keys become {@link DocMatcher} clauses; a phrase is first narrowed to the
 * documents holding all its terms, then verified on the records: once per shape when its terms
 * are digit-free (documents of one shape agree on such phrases, see {@link org.observer.storage.segment.ActiveSegment}), else
 * document by document.
 */
public final class PlanMatcher {

    /** What a plan needs from a chunk or segment. */
    public interface Source {
        int documents();

        Shapes shapes() throws IOException;

        /** Adds the postings of {@code term} in {@code field} (null: any field) to {@code into}. */
        void addTerm(String field, String term, DocMatcher.Clause into) throws IOException;

        /**
         * Adds the postings of every term {@code t} in {@code field} (null: any) with
         * {@code from <= t < to} ({@code <= to} if inclusive; null: no end) that {@code accepts}.
         */
        void addScan(String field, byte[] from, byte[] to, boolean toInclusive, Predicate<String> accepts,
                     DocMatcher.Clause into) throws IOException;

        long timestamp(int ordinal);

        byte[] source(int ordinal) throws IOException;
    }

    /** How documents were analyzed, to verify phrases on their records. */
    public record Analysis(FieldTypes types, FieldExtractor extractor) {
    }

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NUMBERS_FROM = {'+'};
    private static final byte[] NUMBERS_TO = {':'};

    private final Source source;
    private final Analysis analysis;
    private final int documents;
    private final int lo;
    private final int hi;

    public PlanMatcher(Source source, Analysis analysis, int lo, int hi) {
        this.source = source;
        this.analysis = analysis;
        this.documents = source.documents();
        this.lo = lo;
        this.hi = hi;
    }

    public long[] match(Plan plan) throws IOException {
        if (plan instanceof Plan.Term term) {
            DocMatcher.Clause clause = new DocMatcher.Clause();
            source.addTerm(term.field(), term.term(), clause);
            return mark(clause);
        } else if (plan instanceof Plan.Prefix prefix) {
            DocMatcher.Clause clause = new DocMatcher.Clause();
            byte[] from = prefix.prefix().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            source.addScan(prefix.field(), from, Plan.prefixEnd(prefix.prefix()), false, prefix::accepts, clause);
            return mark(clause);
        } else if (plan instanceof Plan.Range range) {
            DocMatcher.Clause clause = new DocMatcher.Clause();
            if (range.numeric()) {
                // Numbers start with a sign, a point or a digit: '+' .. '9' in UTF-8 order.
                source.addScan(range.field(), NUMBERS_FROM, NUMBERS_TO, false, range::accepts, clause);
            } else {
                byte[] from = range.lower() == null ? EMPTY : range.lower().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] to = range.upper() == null ? null : range.upper().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                source.addScan(range.field(), from, to, true, range::accepts, clause);
            }
            return mark(clause);
        } else if (plan instanceof Plan.Phrase phrase) {
            return phrase(phrase);
        } else if (plan instanceof Plan.Time time) {
            long[] bits = new long[words()];
            for (int ordinal = lo; ordinal < hi; ordinal++) {
                long timestamp = source.timestamp(ordinal);
                if (timestamp >= time.from() && timestamp < time.to()) {
                    bits[ordinal >>> 6] |= 1L << ordinal;
                }
            }
            return bits;
        } else if (plan instanceof Plan.And and) {
            long[] bits = null;
            // Positive clauses first, so a NOT only clears bits of a set already narrowed.
            for (Plan clause : and.clauses()) {
                if (!(clause instanceof Plan.Not)) {
                    bits = bits == null ? match(clause) : and(bits, match(clause));
                    if (isEmpty(bits)) {
                        return bits;
                    }
                }
            }
            if (bits == null) {
                bits = all();
            }
            for (Plan clause : and.clauses()) {
                if (clause instanceof Plan.Not not) {
                    long[] excluded = match(not.clause());
                    for (int w = 0; w < bits.length; w++) {
                        bits[w] &= ~excluded[w];
                    }
                }
            }
            return bits;
        } else if (plan instanceof Plan.Or or) {
            long[] bits = new long[words()];
            for (Plan clause : or.clauses()) {
                long[] other = match(clause);
                for (int w = 0; w < bits.length; w++) {
                    bits[w] |= other[w];
                }
            }
            return bits;
        } else if (plan instanceof Plan.Not not) {
            long[] bits = all();
            long[] excluded = match(not.clause());
            for (int w = 0; w < bits.length; w++) {
                bits[w] &= ~excluded[w];
            }
            return bits;
        } else if (plan instanceof Plan.All) {
            return all();
        } else if (plan instanceof Plan.None) {
            return new long[words()];
        }
        throw new IllegalArgumentException("unsupported plan " + plan);
    }

    private long[] phrase(Plan.Phrase phrase) throws IOException {
        List<String> terms = phrase.terms();
        DocMatcher.Clause[] clauses = new DocMatcher.Clause[(int) terms.stream().filter(t -> t != null).count()];
        int c = 0;
        for (String term : terms) {
            if (term != null) {
                DocMatcher.Clause clause = new DocMatcher.Clause();
                source.addTerm(phrase.field(), term, clause);
                if (clause.empty()) {
                    return new long[words()];
                }
                clauses[c++] = clause;
            }
        }
        long[] bits = DocMatcher.match(clauses, source.shapes(), documents, lo, hi);
        Shapes shapes = source.shapes();
        boolean byShape = phrase.digitFree();
        // A phrase with digit words is checked line by line, but its digit-free skeleton (the digit
        // words as "any word") is a property of the shape: a shape failing it fails every line.
        Plan.Phrase shapeTest = byShape ? phrase : skeleton(phrase);
        int digitWord = byShape || shapeTest == null ? -1 : onlyDigitWord(phrase);
        // 0 unknown, 1 skeleton matches, 2 does not, 3 matches wherever the digit word is (every line matches)
        byte[] decided = shapeTest != null ? new byte[shapes.count()] : null;
        // Which gap the digit word fills in each line, when the dictionary knows: with the gaps
        // of the shape where the skeleton fits, that decides a line without reading it.
        DocMatcher.Clause digitClause = digitWord >= 0 ? clauses[clauseOf(terms, digitWord)] : null;
        byte[] positions = digitClause != null ? digitClause.onlyListPositions() : null;
        int[] listed = positions != null ? digitClause.lists[0] : null;
        int listedSize = positions != null ? digitClause.sizes[0] : 0;
        int cursor = 0;
        GapPositions.Decoder gaps = positions != null ? new GapPositions.Decoder(shapes.count()) : null;
        boolean[][] fits = positions != null ? new boolean[shapes.count()][] : null;
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                int bit = Long.numberOfTrailingZeros(word);
                word &= word - 1;
                int ordinal = (w << 6) + bit;
                int shape = shapeTest != null ? shapes.shapeOf(ordinal) : 0;
                byte[] record = null;
                if (shape != 0 && decided[shape] == 0) {
                    record = source.source(ordinal);
                    decided[shape] = (byte) (!verify(shapeTest, record) ? 2
                            : digitWord >= 0 && everyGapFits(shapeTest, digitWord, record) ? 3 : 1);
                    if (decided[shape] == 1 && fits != null) {
                        fits[shape] = fitPositions(shapeTest, digitWord, record);
                    }
                }
                int gap = -1;
                if (shape != 0 && decided[shape] == 1 && fits != null) {
                    // Every listed document up to this one is decoded: a byte may refer to an earlier one.
                    while (cursor < listedSize && listed[cursor] < ordinal) {
                        gaps.next(positions[cursor], shapes.shapeOf(listed[cursor]));
                        cursor++;
                    }
                    if (cursor < listedSize && listed[cursor] == ordinal) {
                        gap = gaps.next(positions[cursor], shape);
                        cursor++;
                    }
                }
                boolean matches;
                if (shape != 0 && decided[shape] == 2) {
                    matches = false;
                } else if (shape != 0 && (byShape || decided[shape] == 3)) {
                    matches = true;
                } else if (gap >= 0 && gap < fits[shape].length) {
                    matches = fits[shape][gap];
                } else {
                    matches = verify(phrase, record != null ? record : source.source(ordinal));
                }
                if (!matches) {
                    bits[w] &= ~(1L << bit);
                }
            }
        }
        return bits;
    }

    /** The clause of the phrase's term at {@code index}: clauses skip the stop words (null terms). */
    private static int clauseOf(List<String> terms, int index) {
        int clause = 0;
        for (int i = 0; i < index; i++) {
            if (terms.get(i) != null) {
                clause++;
            }
        }
        return clause;
    }

    /**
     * Which gaps of the record (see {@link StorageFormat}: its stop words and words with a
     * digit, field after field) complete the skeleton in the phrase's fields when they hold the
     * phrase's digit word, at {@code digitWord}. Lines of one shape agree on them.
     */
    private boolean[] fitPositions(Plan.Phrase skeleton, int digitWord, byte[] record) {
        List<String> phrase = skeleton.terms();
        boolean[] fits = new boolean[8];
        int gap = 0;
        for (FieldValue value : fieldsOf(record)) {
            List<String> stream = stream(value);
            boolean inField = skeleton.field() == null || skeleton.field().equals(value.name());
            for (int i = 0; i < stream.size(); i++) {
                String term = stream.get(i);
                if (term == null || Shapes.hasDigit(term)) {
                    if (gap == fits.length) {
                        fits = java.util.Arrays.copyOf(fits, gap * 2);
                    }
                    fits[gap++] = inField && fitsAt(stream, phrase, i - digitWord);
                }
            }
        }
        return java.util.Arrays.copyOf(fits, gap);
    }

    /** The position of the phrase's only word with a digit, or -1 if it has none or several. */
    private static int onlyDigitWord(Plan.Phrase phrase) {
        int found = -1;
        List<String> terms = phrase.terms();
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i) != null && Shapes.hasDigit(terms.get(i))) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    /**
     * True if the skeleton (the phrase with its one digit word, at {@code digitWord}, as "any
     * word") fits at every gap of the record (a stop word or a word with a digit, in the phrase's
     * fields). Lines of one shape have their gaps and digit-free words at the same positions, and a
     * word with a digit is always at a gap: then every line of the shape that holds the digit word
     * holds the phrase, wherever the word is, and none needs reading.
     */
    private boolean everyGapFits(Plan.Phrase skeleton, int digitWord, byte[] record) {
        List<String> phrase = skeleton.terms();
        for (List<String> stream : streams(skeleton.field(), record)) {
            for (int gap = 0; gap < stream.size(); gap++) {
                String term = stream.get(gap);
                if ((term == null || Shapes.hasDigit(term)) && !fitsAt(stream, phrase, gap - digitWord)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True if {@code phrase} (null: any term) occurs in {@code stream} starting at {@code start}. */
    private static boolean fitsAt(List<String> stream, List<String> phrase, int start) {
        if (start < 0 || start + phrase.size() > stream.size()) {
            return false;
        }
        for (int i = 0; i < phrase.size(); i++) {
            if (phrase.get(i) != null && !phrase.get(i).equals(stream.get(start + i))) {
                return false;
            }
        }
        return true;
    }

    /** The phrase with its digit words as "any word", or null when nothing digit-free is left. */
    private static Plan.Phrase skeleton(Plan.Phrase phrase) {
        List<String> terms = new java.util.ArrayList<>(phrase.terms());
        boolean plain = false;
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i) != null && Shapes.hasDigit(terms.get(i))) {
                terms.set(i, null);
            } else if (terms.get(i) != null) {
                plain = true;
            }
        }
        return plain ? new Plan.Phrase(phrase.field(), terms) : null;
    }

    /** True if a value of the phrase's field holds the phrase, analyzed as it was indexed. */
    private boolean verify(Plan.Phrase phrase, byte[] record) {
        for (List<String> stream : streams(phrase.field(), record)) {
            if (contains(stream, phrase.terms())) {
                return true;
            }
        }
        return false;
    }

    /** The terms of each value of {@code field} (null: every field) in the record, analyzed as they were indexed. */
    private List<List<String>> streams(String field, byte[] record) {
        List<List<String>> streams = new java.util.ArrayList<>();
        for (FieldValue value : fieldsOf(record)) {
            if (field == null || field.equals(value.name())) {
                streams.add(stream(value));
            }
        }
        return streams;
    }

    /** The terms of one field value, as it was indexed: the whole value for a keyword. */
    private List<String> stream(FieldValue value) {
        return analysis.types().isKeyword(value.name(), value.value())
                ? List.of(Analyzer.keyword(value.value()))
                : terms(value.value());
    }

    /**
     * The fields of a stored record. Every record was a JSON object when it was stored: one that no
     * longer parses is damaged data, reported as such (IllegalStateException, as the decoders do).
     */
    private List<FieldValue> fieldsOf(byte[] record) {
        FieldExtractor extractor = extractor();
        try {
            return extractor.fields(record);
        } catch (RuntimeException e) {
            throw new IllegalStateException("a stored record does not parse: " + e, e);
        }
    }

    private FieldExtractor extractor() {
        if (analysis.extractor() == null) {
            throw new IllegalStateException("phrase queries need a field extractor in the store settings");
        }
        return analysis.extractor();
    }

    /** {@link Analyzer#term} of tokens seen while verifying; "" stands for a stop word. */
    private final java.util.Map<String, String> termMemo = new java.util.HashMap<>();

    /**
     * {@link Analyzer#terms} with each distinct token analyzed once per query: a phrase may be
     * verified on thousands of lines of few words, and stemming is most of that work.
     */
    private List<String> terms(String text) {
        List<String> terms = new java.util.ArrayList<>();
        Analyzer.STANDARD.forEachToken(text, (String token) -> {
            if (Shapes.hasDigit(token)) {
                terms.add(token); // neither a stop word nor stemmed, and too varied to remember
                return;
            }
            String term = termMemo.computeIfAbsent(token, t -> {
                String analyzed = Analyzer.term(t);
                return analyzed == null ? "" : analyzed;
            });
            terms.add(term.isEmpty() ? null : term);
        });
        return terms;
    }

    /** True if {@code phrase} occurs in {@code stream} at consecutive positions (null: any term). */
    public static boolean contains(List<String> stream, List<String> phrase) {
        for (int start = 0; start + phrase.size() <= stream.size(); start++) {
            if (fitsAt(stream, phrase, start)) {
                return true;
            }
        }
        return false;
    }

    private long[] mark(DocMatcher.Clause clause) throws IOException {
        if (clause.empty()) {
            return new long[words()];
        }
        return DocMatcher.match(new DocMatcher.Clause[] {clause}, source.shapes(), documents, lo, hi);
    }

    private long[] all() {
        long[] bits = new long[words()];
        DocMatcher.setRange(bits, lo, hi);
        return bits;
    }

    private int words() {
        return (documents + 63) >>> 6;
    }

    private static long[] and(long[] a, long[] b) {
        for (int w = 0; w < a.length; w++) {
            a[w] &= b[w];
        }
        return a;
    }

    private static boolean isEmpty(long[] bits) {
        for (long word : bits) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }
}
