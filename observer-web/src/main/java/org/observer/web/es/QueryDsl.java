package org.observer.web.es;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.observer.api.InvalidRequestException;
import org.observer.search.TimeExpressions;
import org.observer.web.rest.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Elasticsearch's query DSL written as this engine's query string (which is Lucene's syntax), and
 * the range on {@code @timestamp} at its top lifted out as the search's time range (so an index
 * pattern is pruned by day, as a native search is). What has no equivalent is a 400 naming it.
 */
final class QueryDsl {

    /** The engine's query and the time range, {@code from} inclusive and {@code to} exclusive (null: open). */
    record Translated(String query, Long from, Long to) {
    }

    private static final List<String> TIME_FIELDS = List.of("@timestamp", "timestamp", "time");
    /**
     * Deepest bool in a bool (Elasticsearch's indices.query.bool.max_nested_depth was 30): the
     * query translated from it must stay within the engine's own nesting limit.
     */
    static final int MAX_BOOL_DEPTH = 30;

    private QueryDsl() {
    }

    static Translated translate(JsonObject query, long now) {
        if (query == null) {
            return new Translated("*", null, null);
        }
        Long[] range = {null, null};
        String q = clause(query, now, range, true, 0);
        return new Translated(q.isEmpty() ? "*" : q, range[0], range[1]);
    }

    /**
     * One query clause; {@code top}: it is required for every hit (the query itself, or a must or
     * filter of a top bool), so a time range there becomes the search's range.
     */
    private static String clause(JsonObject query, long now, Long[] range, boolean top, int depth) {
        if (query.size() != 1) {
            throw new InvalidRequestException("a query clause holds one query type, not " + query.keySet());
        }
        String type = query.keySet().iterator().next();
        JsonValue body = query.get(type);
        return switch (type) {
            case "match_all" -> "*";
            case "match_none" -> "NOT *";
            case "query_string", "simple_query_string" -> queryString(object(type, body));
            case "match" -> match(object(type, body), false);
            case "match_phrase" -> match(object(type, body), true);
            case "multi_match" -> multiMatch(object(type, body));
            case "term" -> fieldValue(type, object(type, body), (field, value) -> field + ":" + escape(text(type, value)));
            case "terms" -> terms(object(type, body));
            case "prefix" -> fieldValue(type, object(type, body), (field, value) -> field + ":" + escape(text(type, value)) + "*");
            case "wildcard" -> fieldValue(type, object(type, body), (field, value) -> wildcard(field, text(type, value)));
            case "exists" -> string(object(type, body), "field", type) + ":*";
            case "range" -> range(object(type, body), now, range, top);
            case "bool" -> bool(object(type, body), now, range, top, depth + 1);
            default -> throw new InvalidRequestException("query type [" + type + "] is not supported; supported: query_string,"
                    + " match, match_phrase, multi_match, term, terms, range, exists, prefix, wildcard (trailing *), bool, match_all");
        };
    }

    private static String queryString(JsonObject body) {
        String query = string(body, "query", "query_string");
        JsonValue operator = body.get("default_operator");
        if (operator instanceof JsonString op && op.getString().equalsIgnoreCase("or") && query.trim().contains(" ")) {
            throw new InvalidRequestException("query_string with default_operator OR is not supported: words are ANDed;"
                    + " write OR between them");
        }
        return query.isBlank() ? "*" : "(" + query + ")";
    }

    private static String match(JsonObject body, boolean phrase) {
        String type = phrase ? "match_phrase" : "match";
        return fieldValue(type, body, (field, value) -> {
            String text;
            String operator = "OR";
            if (value instanceof JsonObject options) {
                text = text(type, options.get("query"));
                if (options.get("operator") instanceof JsonString op) {
                    operator = op.getString().toUpperCase(Locale.ROOT);
                }
            } else {
                text = text(type, value);
            }
            return phrase ? field + ":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : words(field, text, operator);
        });
    }

    private static String multiMatch(JsonObject body) {
        String text = string(body, "query", "multi_match");
        boolean phrase = body.get("type") instanceof JsonString t && t.getString().startsWith("phrase");
        List<String> fields = new ArrayList<>();
        if (body.get("fields") instanceof JsonArray array) {
            array.forEach(v -> fields.add(text("multi_match", v).replaceAll("\\^.*$", "")));
        }
        if (fields.isEmpty() || fields.contains("*")) {
            return phrase ? "\"" + text.replace("\"", "\\\"") + "\"" : words(null, text, "OR");
        }
        List<String> each = new ArrayList<>();
        for (String field : fields) {
            each.add(phrase ? field + ":\"" + text.replace("\"", "\\\"") + "\"" : words(field, text, "OR"));
        }
        return "(" + String.join(" OR ", each) + ")";
    }

    /** The words of {@code text} joined by {@code operator}, in {@code field} (any field if null). */
    private static String words(String field, String text, String operator) {
        if (!operator.equals("OR") && !operator.equals("AND")) {
            throw new InvalidRequestException("match operator [" + operator + "]: use or or and");
        }
        List<String> words = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(escape(word));
            }
        }
        if (words.isEmpty()) {
            return "*";
        }
        String joined = words.size() == 1 ? words.get(0) : "(" + String.join(" " + operator + " ", words) + ")";
        return field == null ? joined : field + ":" + joined;
    }

    private static String terms(JsonObject body) {
        for (Map.Entry<String, JsonValue> e : body.entrySet()) {
            if (e.getKey().equals("boost")) {
                continue;
            }
            if (!(e.getValue() instanceof JsonArray values) || values.isEmpty()) {
                throw new InvalidRequestException("terms [" + e.getKey() + "] needs an array of values");
            }
            List<String> each = new ArrayList<>();
            values.forEach(v -> each.add(escape(text("terms", v))));
            return e.getKey() + ":(" + String.join(" OR ", each) + ")";
        }
        throw new InvalidRequestException("terms needs a field and its values");
    }

    private static String wildcard(String field, String pattern) {
        String stem = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (stem.contains("*") || stem.contains("?")) {
            throw new InvalidRequestException("wildcard [" + pattern + "] on [" + field + "]: only a trailing * is supported");
        }
        return field + ":" + escape(stem) + (pattern.endsWith("*") ? "*" : "");
    }

    private static String range(JsonObject body, long now, Long[] range, boolean top) {
        if (body.size() != 1) {
            throw new InvalidRequestException("a range query holds one field, not " + body.keySet());
        }
        String field = body.keySet().iterator().next();
        JsonObject bounds = object("range", body.get(field));
        if (TIME_FIELDS.contains(field)) {
            Long from = bound(bounds, "gte", now, 0);
            Long after = bound(bounds, "gt", now, 1);
            Long to = bound(bounds, "lt", now, 0);
            Long through = bound(bounds, "lte", now, 1);
            from = from != null ? from : after;
            to = to != null ? to : through;
            if (top) {
                range[0] = range[0] == null || from != null && from > range[0] ? from : range[0];
                range[1] = range[1] == null || to != null && to < range[1] ? to : range[1];
                return "";
            }
            return field + ":[" + (from == null ? "*" : from) + " TO " + (to == null ? "*" : to - 1) + "]";
        }
        List<String> parts = new ArrayList<>();
        for (String op : new String[]{"gte", "gt", "lte", "lt"}) {
            if (bounds.containsKey(op)) {
                String sign = switch (op) {
                    case "gte" -> ">=";
                    case "gt" -> ">";
                    case "lte" -> "<=";
                    default -> "<";
                };
                parts.add(field + ":" + sign + escape(text("range", bounds.get(op))));
            }
        }
        if (parts.isEmpty()) {
            throw new InvalidRequestException("range on [" + field + "] needs gte, gt, lte or lt");
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
    }

    /** A time bound in millis ({@code plus} 1 turns gt and lte into the inclusive-from, exclusive-to form), or null. */
    private static Long bound(JsonObject bounds, String op, long now, long plus) {
        JsonValue value = bounds.get(op);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        String text = value instanceof JsonNumber ? String.valueOf(Parameters.wholeNumber("range " + op, value, 0L,
                Long.MIN_VALUE, Long.MAX_VALUE)) : text("range", value);
        if (text.startsWith("now")) {
            text = text.replaceAll("/[smhdwMy]$", ""); // rounding: the engine's buckets are exact anyway
        }
        Long millis = TimeExpressions.parse("range " + op, text.replace("||", ""), now);
        return millis == null ? null : millis + plus;
    }

    private static String bool(JsonObject body, long now, Long[] range, boolean top, int depth) {
        if (depth > MAX_BOOL_DEPTH) {
            throw new InvalidRequestException("bool queries are nested more than " + MAX_BOOL_DEPTH + " deep");
        }
        List<String> required = new ArrayList<>();
        for (String key : new String[]{"must", "filter"}) {
            for (JsonObject clause : clauses(body, key)) {
                String q = clause(clause, now, range, top, depth);
                if (!q.isEmpty()) {
                    required.add(q);
                }
            }
        }
        List<String> should = new ArrayList<>();
        for (JsonObject clause : clauses(body, "should")) {
            String q = clause(clause, now, range, false, depth);
            if (!q.isEmpty()) {
                should.add(q);
            }
        }
        JsonValue minimum = body.get("minimum_should_match");
        int minimumShould = minimum instanceof JsonNumber ? Parameters.wholeNumber("minimum_should_match", minimum, 1, -1_000, 1_000)
                : minimum instanceof JsonString s ? parseMinimum(s.getString()) : (required.isEmpty() ? 1 : 0);
        if (minimumShould > 1) {
            throw new InvalidRequestException("minimum_should_match " + minimumShould + " is not supported: only 1");
        }
        if (!should.isEmpty() && minimumShould == 1) {
            required.add(should.size() == 1 ? should.get(0) : "(" + String.join(" OR ", should) + ")");
        }
        for (JsonObject clause : clauses(body, "must_not")) {
            String q = clause(clause, now, range, false, depth);
            required.add("NOT " + (q.startsWith("(") ? q : "(" + q + ")"));
        }
        if (required.isEmpty()) {
            return "";
        }
        boolean onlyNegations = required.stream().allMatch(q -> q.startsWith("NOT "));
        String joined = String.join(" AND ", required);
        return "(" + (onlyNegations ? "* AND " : "") + joined + ")";
    }

    private static int parseMinimum(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("minimum_should_match [" + text + "] is not supported: only 1");
        }
    }

    private static List<JsonObject> clauses(JsonObject body, String key) {
        JsonValue value = body.get(key);
        List<JsonObject> clauses = new ArrayList<>();
        if (value instanceof JsonObject one) {
            clauses.add(one);
        } else if (value instanceof JsonArray many) {
            for (JsonValue v : many) {
                clauses.add(object("bool." + key, v));
            }
        } else if (value != null && value != JsonValue.NULL) {
            throw new InvalidRequestException("bool " + key + " must be a query or an array of queries");
        }
        return clauses;
    }

    @FunctionalInterface
    private interface FieldQuery {
        String apply(String field, JsonValue value);
    }

    /** {@code {field: value}} or {@code {field: {"value": ...}}}, as term, prefix and match take them. */
    private static String fieldValue(String type, JsonObject body, FieldQuery query) {
        for (Map.Entry<String, JsonValue> e : body.entrySet()) {
            if (e.getKey().equals("boost") || e.getKey().equals("_name")) {
                continue;
            }
            JsonValue value = e.getValue();
            if (value instanceof JsonObject options && !type.startsWith("match") && options.containsKey("value")) {
                value = options.get("value");
            }
            return query.apply(e.getKey(), value);
        }
        throw new InvalidRequestException(type + " needs a field");
    }

    private static JsonObject object(String type, JsonValue value) {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new InvalidRequestException("[" + type + "] must be an object");
    }

    private static String string(JsonObject body, String key, String type) {
        return text(type, body.get(key));
    }

    private static String text(String type, JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.toString();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value.toString();
        }
        throw new InvalidRequestException("[" + type + "] needs a string or number value, not " + value);
    }

    /** Escapes what the engine's syntax gives a meaning to. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 4);
        for (char c : value.toCharArray()) {
            if ("()\":*\\ []{}<>=!&|-+^~?/".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
