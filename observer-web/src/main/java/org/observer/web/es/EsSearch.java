package org.observer.web.es;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An Elasticsearch search body ({@code query}, {@code size}, {@code from}, {@code sort},
 * {@code aggs}, {@code _source}) as one native search, and the aggregations of its answer written
 * back in Elasticsearch's shape. Aggregations: one {@code date_histogram} on the time and
 * {@code terms}, at the top level; what the engine cannot answer is a 400 naming it.
 *
 * @param from       hits to skip (Elasticsearch's {@code from}): the native search fetches from + size
 */
record EsSearch(QueryDsl.Translated query, int size, int from, boolean source, String histogramName, String interval,
                boolean keepEmptyBuckets, Map<String, String> termsByName, int termsSize) {

    private static final Set<String> KEYS = Set.of("query", "size", "from", "sort", "aggs", "aggregations", "_source",
            "track_total_hits", "timeout", "version", "seq_no_primary_term", "stored_fields", "docvalue_fields");
    private static final Set<String> TIME_FIELDS = Set.of("@timestamp", "timestamp", "time");
    /** Elasticsearch's limit on from + size, which is the engine's page limit too. */
    private static final int MAX_WINDOW = SearchRequest.MAX_SIZE;

    static EsSearch of(JsonObject body, String q, Integer sizeParam, Integer fromParam, boolean count, long now) {
        JsonObject b = body == null ? JsonValue.EMPTY_JSON_OBJECT : body;
        for (String key : b.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidRequestException("search key [" + key + "] is not supported; supported: query, size, from,"
                        + " sort (on @timestamp, newest first), aggs (date_histogram, terms), _source (true or false),"
                        + " track_total_hits");
            }
        }
        QueryDsl.Translated query = b.get("query") instanceof JsonObject dsl ? QueryDsl.translate(dsl, now)
                : q != null && !q.isBlank() ? new QueryDsl.Translated("(" + q + ")", null, null) : QueryDsl.translate(null, now);
        int size = count ? 0 : number(b, "size", sizeParam == null ? 10 : sizeParam);
        int from = count ? 0 : number(b, "from", fromParam == null ? 0 : fromParam);
        if (size < 0 || from < 0 || size + from > MAX_WINDOW) {
            throw new InvalidRequestException("from + size must be at most " + MAX_WINDOW + " (from " + from + ", size " + size + ")");
        }
        checkSort(b.get("sort"));
        JsonValue sourceValue = b.get("_source");
        if (sourceValue != null && sourceValue != JsonValue.TRUE && sourceValue != JsonValue.FALSE) {
            throw new InvalidRequestException("_source filtering is not supported: use true or false");
        }
        JsonValue aggsValue = b.containsKey("aggs") ? b.get("aggs") : b.get("aggregations");
        String histogramName = null;
        String interval = null;
        boolean keepEmpty = false;
        Map<String, String> terms = new java.util.LinkedHashMap<>();
        int termsSize = SearchRequest.DEFAULT_TERMS_SIZE;
        if (aggsValue instanceof JsonObject aggs && !count) {
            for (Map.Entry<String, JsonValue> agg : aggs.entrySet()) {
                if (!(agg.getValue() instanceof JsonObject definition)) {
                    throw new InvalidRequestException("aggregation [" + agg.getKey() + "] must be an object");
                }
                String type = null;
                for (String key : definition.keySet()) {
                    if (key.equals("aggs") || key.equals("aggregations")) {
                        if (!definition.getJsonObject(key).isEmpty()) {
                            throw new InvalidRequestException("aggregation [" + agg.getKey()
                                    + "]: sub-aggregations are not supported yet");
                        }
                    } else if (!key.equals("meta")) {
                        type = key;
                    }
                }
                JsonObject params = type == null ? null : definition.getJsonObject(type);
                if ("date_histogram".equals(type)) {
                    if (histogramName != null) {
                        throw new InvalidRequestException("only one date_histogram aggregation per search is supported");
                    }
                    String field = params.getString("field", "@timestamp");
                    if (!TIME_FIELDS.contains(field)) {
                        throw new InvalidRequestException("date_histogram on [" + field + "]: only the log's time (@timestamp)");
                    }
                    histogramName = agg.getKey();
                    interval = interval(params);
                    keepEmpty = params.get("min_doc_count") instanceof JsonNumber n && n.intValue() == 0;
                } else if ("terms".equals(type)) {
                    terms.put(agg.getKey(), params.getString("field"));
                    if (params.get("size") instanceof JsonNumber n) {
                        termsSize = Math.max(termsSize, n.intValue());
                    }
                    if (params.get("order") instanceof JsonObject order
                            && !(order.size() == 1 && order.get("_count") instanceof JsonString dir && dir.getString().equals("desc"))) {
                        throw new InvalidRequestException("terms [" + agg.getKey() + "]: only the default order (_count desc) is supported");
                    }
                } else {
                    throw new InvalidRequestException("aggregation type [" + type + "] is not supported; supported: date_histogram, terms");
                }
            }
        }
        return new EsSearch(query, size, from, sourceValue != JsonValue.FALSE, histogramName, interval, keepEmpty, terms,
                Math.min(termsSize, SearchRequest.MAX_TERMS_SIZE));
    }

    /** The native request over {@code index} (Elasticsearch's names, lists and patterns). */
    SearchRequest request(String index) {
        String pattern = index == null || index.equals("_all") ? "*" : index;
        Long from = query.from();
        Long to = query.to();
        if (pattern.contains("*") && from == null && to == null) {
            from = 0L; // Elasticsearch searches a pattern over all time: so does this, from the epoch
        }
        return new SearchRequest(pattern, query.query(), from, to, size + this.from, null, interval,
                List.copyOf(termsByName.values()), termsSize, false);
    }

    /**
     * @param typedKeys name each aggregation {@code type#name} ({@code ?typed_keys=true}, which the
     *                  official clients send to know how to read it)
     */
    void writeAggregations(JsonGenerator json, SearchResult result, boolean typedKeys) {
        if (histogramName == null && termsByName.isEmpty()) {
            return;
        }
        json.writeStartObject("aggregations");
        if (histogramName != null && result.histogram() != null) {
            SearchResult.Histogram h = result.histogram();
            json.writeStartObject(typedKeys ? "date_histogram#" + histogramName : histogramName).writeStartArray("buckets");
            for (int i = 0; i < h.counts().size(); i++) {
                long count = h.counts().get(i);
                if (count == 0 && !keepEmptyBuckets) {
                    continue;
                }
                long start = h.start() + i * h.intervalMs();
                json.writeStartObject().write("key_as_string", Instant.ofEpochMilli(start).toString())
                        .write("key", start).write("doc_count", count).writeEnd();
            }
            json.writeEnd().writeEnd();
        }
        for (Map.Entry<String, String> terms : termsByName.entrySet()) {
            List<SearchResult.TermCount> counts = result.terms().getOrDefault(terms.getValue(), List.of());
            json.writeStartObject(typedKeys ? "sterms#" + terms.getKey() : terms.getKey()).write("doc_count_error_upper_bound", 0).write("sum_other_doc_count", 0)
                    .writeStartArray("buckets");
            for (SearchResult.TermCount count : counts) {
                json.writeStartObject().write("key", count.term()).write("doc_count", count.count()).writeEnd();
            }
            json.writeEnd().writeEnd();
        }
        json.writeEnd();
    }

    /** A date_histogram's interval as the engine's bucket width. */
    private static String interval(JsonObject params) {
        for (String key : new String[]{"fixed_interval", "calendar_interval", "interval"}) {
            if (params.get(key) instanceof JsonString s) {
                String asked = s.getString().trim();
                if (asked.equals("1M") || asked.matches("(?i)month|quarter|1q|year|1y")) {
                    throw new InvalidRequestException("date_histogram interval [" + asked + "]: months, quarters and years"
                            + " are not supported; use a fixed interval such as 1d");
                }
                String v = asked.toLowerCase(Locale.ROOT);
                return switch (v) {
                    case "second" -> "1s";
                    case "minute" -> "1m";
                    case "hour" -> "1h";
                    case "day" -> "1d";
                    case "week", "1w" -> "7d";
                    default -> {
                        if (!v.matches("\\d+(ms|s|m|h|d)")) {
                            throw new InvalidRequestException("date_histogram interval [" + asked
                                    + "]: use a fixed interval such as 30s, 5m, 1h or 1d");
                        }
                        yield v;
                    }
                };
            }
        }
        throw new InvalidRequestException("date_histogram needs fixed_interval or calendar_interval");
    }

    /** Hits come newest first: a sort asking for that (or for relevance or index order) is fine, others are a 400. */
    private static void checkSort(JsonValue sort) {
        if (sort == null || sort == JsonValue.NULL) {
            return;
        }
        List<JsonValue> items = new ArrayList<>();
        if (sort instanceof JsonArray array) {
            items.addAll(array);
        } else {
            items.add(sort);
        }
        for (JsonValue item : items) {
            String field;
            String order = "desc";
            if (item instanceof JsonString s) {
                field = s.getString();
            } else if (item instanceof JsonObject o && o.size() == 1) {
                field = o.keySet().iterator().next();
                JsonValue v = o.get(field);
                if (v instanceof JsonString dir) {
                    order = dir.getString();
                } else if (v instanceof JsonObject options && options.get("order") instanceof JsonString dir) {
                    order = dir.getString();
                }
            } else {
                throw new InvalidRequestException("sort " + item + " is not supported");
            }
            boolean time = TIME_FIELDS.contains(field);
            if (!(field.equals("_score") || field.equals("_doc") || (time && order.equalsIgnoreCase("desc")))) {
                throw new InvalidRequestException("sort on [" + field + "] " + order
                        + " is not supported: hits come newest first (@timestamp desc)");
            }
        }
    }

    private static int number(JsonObject body, String key, int fallback) {
        JsonValue value = body.get(key);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        if (value instanceof JsonNumber n && n.isIntegral()) {
            return n.intValue();
        }
        throw new InvalidRequestException("[" + key + "] must be a whole number, not " + value);
    }
}
