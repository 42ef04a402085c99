package org.observer.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldValue;
import org.observer.query.AndQuery;
import org.observer.query.MatchAllQuery;
import org.observer.query.Query;
import org.observer.query.TermQuery;

/** Keyword keys: {@code field + '\0' + term} and the any-field key {@code '\0' + term}. */
final class TermKeys {

    private TermKeys() {
    }

    static String key(String field, String term) {
        return field == null || field.isEmpty() ? "\0" + term : field + '\0' + term;
    }

    /** Every key a record is indexed under, with repeats (the keyword map drops them per document). */
    static List<String> keysOf(LogRecord record) {
        List<String> keys = new ArrayList<>(record.fields().size() * 8 + 8);
        for (FieldValue field : record.fields()) {
            String name = field.name();
            Analyzer.STANDARD.forEachToken(field.value(), token -> {
                keys.add(key(null, token));
                if (!name.isEmpty()) {
                    keys.add(key(name, token));
                }
            });
        }
        return keys;
    }

    /** The keys a query requires; empty means match all. */
    static List<String> keysOf(Query query) {
        List<String> keys = new ArrayList<>();
        collect(query, keys);
        return keys;
    }

    private static void collect(Query query, List<String> keys) {
        if (query instanceof TermQuery term) {
            String key = key(term.field(), term.term());
            if (!keys.contains(key)) {
                keys.add(key);
            }
        } else if (query instanceof AndQuery and) {
            and.clauses().forEach(clause -> collect(clause, keys));
        } else if (!(query instanceof MatchAllQuery)) {
            throw new IllegalArgumentException("unsupported query " + query);
        }
    }

    static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
