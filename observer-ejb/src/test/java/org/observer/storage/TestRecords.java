package org.observer.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldValue;
import org.observer.query.AndQuery;
import org.observer.query.MatchAllQuery;
import org.observer.query.Query;
import org.observer.query.TermQuery;

/** Builds log records and computes expected search results by brute force. */
final class TestRecords {

    static final StoreSettings SMALL = new StoreSettings(1 << 20, 100_000, 3);

    private TestRecords() {
    }

    /** A record whose source is a flat JSON object of the given key/value pairs. */
    static LogRecord record(int partition, long offset, long timestamp, String... keyValues) {
        StringBuilder json = new StringBuilder("{");
        List<FieldValue> fields = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(keyValues[i]).append("\":\"").append(keyValues[i + 1].replace("\"", "\\\"")).append('"');
            fields.add(new FieldValue(keyValues[i], keyValues[i + 1]));
        }
        json.append('}');
        return new LogRecord(partition, offset, timestamp, json.toString().getBytes(StandardCharsets.UTF_8), fields);
    }

    static String id(LogRecord record) {
        return record.partition() + "-" + record.offset();
    }

    static List<String> ids(StoreResult result) {
        List<String> ids = new ArrayList<>();
        result.hits().forEach(hit -> ids.add(hit.id()));
        return ids;
    }

    /** The ids a correct store returns: all matches newest first, cut to size. */
    static List<String> expectedIds(List<LogRecord> records, Query query, long from, long to, int size) {
        List<LogRecord> matches = expectedMatches(records, query, from, to);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < Math.min(size, matches.size()); i++) {
            ids.add(id(matches.get(i)));
        }
        return ids;
    }

    static List<LogRecord> expectedMatches(List<LogRecord> records, Query query, long from, long to) {
        List<LogRecord> matches = new ArrayList<>();
        for (LogRecord record : records) {
            if (record.timestamp() >= from && record.timestamp() < to && matches(record, query)) {
                matches.add(record);
            }
        }
        matches.sort(Comparator.comparingLong(LogRecord::timestamp).thenComparingLong(LogRecord::offset)
                .thenComparingInt(LogRecord::partition).reversed());
        return matches;
    }

    private static boolean matches(LogRecord record, Query query) {
        if (query instanceof MatchAllQuery) {
            return true;
        }
        if (query instanceof AndQuery and) {
            return and.clauses().stream().allMatch(clause -> matches(record, clause));
        }
        TermQuery term = (TermQuery) query;
        for (FieldValue field : record.fields()) {
            if ((term.field() == null || term.field().equals(field.name()))
                    && Analyzer.STANDARD.tokens(field.value()).contains(term.term())) {
                return true;
            }
        }
        return false;
    }
}
