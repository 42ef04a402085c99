package org.observer.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldTypes;

/**
 * Analyzes a parsed {@link Query} into a {@link Plan}, with the same analysis the documents got:
 * <ul>
 * <li>a word or a field value matches the value's terms as a phrase (a word with one term is just
 * that term; {@code connections} finds {@code connection}); outside text fields it also matches a
 * keyword value equal to the whole word ({@code host:web-01}, {@code ip:10.0.0.1});</li>
 * <li>a quoted phrase likewise, its stop words holding their positions;</li>
 * <li>{@code fail*} matches terms (and keyword values) starting with {@code fail};</li>
 * <li>a range on {@code @timestamp} cuts by time; on any other field it compares terms, as numbers
 * when its bounds are numbers;</li>
 * <li>{@code field:*} matches documents having the field.</li>
 * </ul>
 * A value made only of stop words or punctuation matches nothing.
 */
public final class QueryPlanner {

    /** The field holding each document's time, which is the timestamp column, not a term. */
    public static final String TIMESTAMP_FIELD = "@timestamp";

    private final FieldTypes fieldTypes;

    public QueryPlanner(FieldTypes fieldTypes) {
        this.fieldTypes = fieldTypes;
    }

    public Plan plan(Query query) {
        if (query instanceof MatchAllQuery) {
            return new Plan.All();
        } else if (query instanceof TermQuery term) {
            if (TIMESTAMP_FIELD.equals(term.field())) {
                return time(term.text(), true, term.text(), true);
            }
            return words(term.field(), term.text());
        } else if (query instanceof PhraseQuery phrase) {
            if (TIMESTAMP_FIELD.equals(phrase.field())) {
                return time(phrase.text(), true, phrase.text(), true);
            }
            return words(phrase.field(), phrase.text());
        } else if (query instanceof PrefixQuery prefix) {
            String lowered = Analyzer.keyword(prefix.prefix());
            return new Plan.Prefix(prefix.field(), lowered);
        } else if (query instanceof RangeQuery range) {
            if (TIMESTAMP_FIELD.equals(range.field())) {
                return time(range.lower(), range.includeLower(), range.upper(), range.includeUpper());
            }
            String lower = range.lower() == null ? null : Analyzer.keyword(range.lower());
            String upper = range.upper() == null ? null : Analyzer.keyword(range.upper());
            boolean numeric = (lower == null || !Double.isNaN(number(lower)))
                    && (upper == null || !Double.isNaN(number(upper)));
            return new Plan.Range(range.field(), lower, range.includeLower(), upper, range.includeUpper(), numeric);
        } else if (query instanceof ExistsQuery exists) {
            return TIMESTAMP_FIELD.equals(exists.field()) ? new Plan.All() : new Plan.Term(exists.field(), "");
        } else if (query instanceof AndQuery and) {
            List<Plan> clauses = new ArrayList<>();
            for (Query clause : and.clauses()) {
                Plan plan = plan(clause);
                if (plan instanceof Plan.None) {
                    return plan;
                }
                if (!(plan instanceof Plan.All)) {
                    clauses.add(plan);
                }
            }
            return clauses.isEmpty() ? new Plan.All() : clauses.size() == 1 ? clauses.get(0) : new Plan.And(clauses);
        } else if (query instanceof OrQuery or) {
            List<Plan> clauses = new ArrayList<>();
            for (Query clause : or.clauses()) {
                Plan plan = plan(clause);
                if (plan instanceof Plan.All) {
                    return plan;
                }
                if (!(plan instanceof Plan.None)) {
                    clauses.add(plan);
                }
            }
            return clauses.isEmpty() ? new Plan.None() : clauses.size() == 1 ? clauses.get(0) : new Plan.Or(clauses);
        } else if (query instanceof NotQuery not) {
            Plan inner = plan(not.clause());
            if (inner instanceof Plan.All) {
                return new Plan.None();
            }
            if (inner instanceof Plan.None) {
                return new Plan.All();
            }
            return new Plan.Not(inner);
        }
        throw new IllegalArgumentException("unsupported query " + query);
    }

    /** A word, a field value or a quoted phrase: its terms in a row, or the keyword it spells. */
    private Plan words(String field, String text) {
        List<String> terms = Analyzer.STANDARD.terms(text);
        int first = 0;
        int last = terms.size() - 1;
        while (first <= last && terms.get(first) == null) {
            first++;
        }
        while (last >= first && terms.get(last) == null) {
            last--;
        }
        Plan analyzed = first > last ? null
                : first == last ? new Plan.Term(field, terms.get(first))
                : new Plan.Phrase(field, terms.subList(first, last + 1));
        String keyword = (field == null || !fieldTypes.isTextField(field)) && fieldTypes.isKeywordValue(text)
                ? Analyzer.keyword(text) : null;
        if (keyword == null || (analyzed instanceof Plan.Term t && t.term().equals(keyword))) {
            return analyzed == null ? new Plan.None() : analyzed;
        }
        Plan whole = new Plan.Term(field, keyword);
        return analyzed == null ? whole : new Plan.Or(List.of(whole, analyzed));
    }

    private static Plan time(String lower, boolean includeLower, String upper, boolean includeUpper) {
        long from = lower == null ? Long.MIN_VALUE : instant(lower, !includeLower);
        long to = upper == null ? Long.MAX_VALUE : instant(upper, includeUpper);
        return from >= to ? new Plan.None() : new Plan.Time(from, to);
    }

    /**
     * Epoch milliseconds of an ISO instant, date-time (UTC) or date, or of a number of
     * milliseconds. {@code after} moves the point past the value (the end of the day for a date,
     * the next millisecond otherwise), for an inclusive upper bound or an exclusive lower one.
     */
    static long instant(String text, boolean after) {
        String value = text.trim();
        try {
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                long millis = Long.parseLong(value);
                return after ? Math.addExact(millis, 1) : millis;
            }
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (after ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            long millis;
            try {
                millis = Instant.parse(value.toUpperCase()).toEpochMilli();
            } catch (DateTimeParseException e) {
                millis = LocalDateTime.parse(value.toUpperCase()).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return after ? Math.addExact(millis, 1) : millis;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: " + TIMESTAMP_FIELD
                    + " takes an ISO-8601 date or instant (2025-07-10, 2025-07-10T12:00:00Z) or epoch milliseconds");
        } catch (ArithmeticException | DateTimeException e) {
            // a valid date-time too far from 1970 for epoch milliseconds (years beyond about 292 million)
            throw new IllegalArgumentException("'" + text + "' is out of the range of times " + TIMESTAMP_FIELD
                    + " can hold");
        }
    }

    /** The value of a term that reads as a decimal number, else NaN. */
    static double number(String term) {
        int length = term.length();
        if (length == 0 || length > 40) {
            return Double.NaN;
        }
        for (int i = 0; i < length; i++) {
            char c = term.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(term);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
