package org.observer.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.observer.analysis.Analyzer;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.FieldValue;
import org.observer.api.LogId;
import org.observer.logs.JsonFields;
import org.observer.query.Plan;
import org.observer.query.Query;
import org.observer.query.QueryPlanner;
import org.observer.storage.search.PlanMatcher;

/** Builds log records and computes expected search results by brute force. */
final class TestRecords {

    static final StoreSettings SMALL = withFields(new StoreSettings(1 << 20, 100_000, 3));

    /** The settings with the JSON flattening the processor uses, so phrases can be verified. */
    static StoreSettings withFields(StoreSettings settings) {
        return settings.withFields(FieldTypes.DEFAULT, JsonFields::flatten);
    }

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

    /** The value of {@code field} in the record. */
    static String value(LogRecord record, String field) {
        return record.fields().stream().filter(f -> f.name().equals(field)).findFirst().orElseThrow().value();
    }

    static String id(LogRecord record) {
        return new LogId(record.partition(), record.offset(), record.line()).toString();
    }

    static List<String> ids(StoreResult result) {
        List<String> ids = new ArrayList<>();
        result.hits().forEach(hit -> ids.add(new LogId(hit.partition(), hit.offset(), hit.line()).toString()));
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
        matches.sort(Comparator.comparingLong(LogRecord::timestamp).thenComparingLong(LogRecord::sequence)
                .thenComparingInt(LogRecord::partition).reversed());
        return matches;
    }

    private static boolean matches(LogRecord record, Query query) {
        return matches(record, new QueryPlanner(FieldTypes.DEFAULT).plan(query));
    }

    /** Brute force: analyzes every value of the record and checks the plan on it. */
    static boolean matches(LogRecord record, Plan plan) {
        if (plan instanceof Plan.All) {
            return true;
        } else if (plan instanceof Plan.None) {
            return false;
        } else if (plan instanceof Plan.And and) {
            return and.clauses().stream().allMatch(clause -> matches(record, clause));
        } else if (plan instanceof Plan.Or or) {
            return or.clauses().stream().anyMatch(clause -> matches(record, clause));
        } else if (plan instanceof Plan.Not not) {
            return !matches(record, not.clause());
        } else if (plan instanceof Plan.Time time) {
            return record.timestamp() >= time.from() && record.timestamp() < time.to();
        }
        for (FieldValue field : record.fields()) {
            String name = plan instanceof Plan.Term t ? t.field() : plan instanceof Plan.Prefix p ? p.field()
                    : plan instanceof Plan.Range r ? r.field() : ((Plan.Phrase) plan).field();
            if (name != null && !name.equals(field.name())) {
                continue;
            }
            List<String> terms = FieldTypes.DEFAULT.isKeyword(field.name(), field.value())
                    ? List.of(Analyzer.keyword(field.value())) : Analyzer.STANDARD.terms(field.value());
            boolean match = plan instanceof Plan.Term t ? t.term().isEmpty() || terms.contains(t.term())
                    : plan instanceof Plan.Prefix p ? terms.stream().anyMatch(x -> x != null && p.accepts(x))
                    : plan instanceof Plan.Range r ? terms.stream().anyMatch(x -> x != null && r.accepts(x))
                    : PlanMatcher.contains(terms, ((Plan.Phrase) plan).terms());
            if (match) {
                return true;
            }
        }
        return false;
    }
}
