package org.observer.web.es;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.search.SearchCursor;
import org.observer.web.rest.Parameters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An Elasticsearch search body ({@code query}, {@code size}, {@code from}, {@code sort},
 * {@code search_after}, {@code aggs}, {@code _source}, {@code fields}, {@code highlight}) as one
 * native search. Hits come newest first; each carries as {@code sort} its time and the cursor
 * after it, so a client passing a hit's sort values back as {@code search_after} gets the next
 * page exactly. What the engine cannot answer is a 400 naming it.
 *
 * @param from        hits to skip (Elasticsearch's {@code from}): the native search fetches from + size
 * @param source      how to shape {@code _source}, or null to leave it out
 * @param fields      the flat {@code fields} asked for ({@code fields}, {@code docvalue_fields}), or null
 * @param searchAfter the native cursor to start after, or null
 * @param highlight   what to highlight, or null
 * @param oldestFirst {@code sort: @timestamp asc} (see {@link OldestFirst})
 */
record EsSearch(QueryDsl.Translated query, int size, int from, SourceFields source, SourceFields fields,
                EsAggregations aggregations, String searchAfter, Highlight highlight, boolean oldestFirst) {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Set<String> KEYS = Set.of("query", "size", "from", "sort", "aggs", "aggregations", "_source",
            "track_total_hits", "timeout", "version", "seq_no_primary_term", "stored_fields", "docvalue_fields", "fields",
            "search_after", "highlight", "script_fields", "runtime_mappings", "track_scores", "explain", "profile");
    private static final Set<String> TIME_FIELDS = Set.of("@timestamp", "timestamp", "time");
    /** Elasticsearch's limit on from + size, which is the engine's page limit too. */
    private static final int MAX_WINDOW = SearchRequest.MAX_SIZE;
    /** Sorts after every index name (lowercase letters, digits, '-', '_', '.'): a cursor after every hit of its millisecond. */
    private static final String AFTER_EVERY_INDEX = "~";
    /** Sorts before every index name: oldest first, a cursor after every hit of its millisecond. */
    private static final String BEFORE_EVERY_INDEX = "";

    /**
     * What a {@code highlight} asks for: the fields and the tags around each match.
     *
     * @param html escape the text around the tags ({@code encoder: html})
     */
    record Highlight(SourceFields fields, String preTag, String postTag, boolean html) {
    }

    static EsSearch of(JsonObject body, String q, String sizeParam, String fromParam, boolean count, long now) {
        JsonObject b = body == null ? JsonValue.EMPTY_JSON_OBJECT : body;
        for (String key : b.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidRequestException("search key [" + key + "] is not supported; supported: query, size, from,"
                        + " sort (on @timestamp, newest first), search_after, aggs (date_histogram, terms, value_count),"
                        + " _source, fields, docvalue_fields, highlight, track_total_hits");
            }
        }
        for (String key : new String[]{"script_fields", "runtime_mappings", "explain", "profile"}) {
            JsonValue v = b.get(key);
            if (v != null && v != JsonValue.FALSE && v != JsonValue.NULL && !(v instanceof JsonObject o && o.isEmpty())) {
                throw new InvalidRequestException("search key [" + key + "] is not supported");
            }
        }
        if (b.get("query") != null && b.get("query") != JsonValue.NULL && !(b.get("query") instanceof JsonObject)) {
            throw new InvalidRequestException("[query] must be an object such as {\"match_all\":{}}, not " + b.get("query").getValueType());
        }
        JsonValue track = b.get("track_total_hits");
        if (track != null && !(track instanceof JsonNumber) && track != JsonValue.TRUE && track != JsonValue.FALSE
                && track != JsonValue.NULL) {
            throw new InvalidRequestException("[track_total_hits] must be true, false or a number, not " + track.getValueType());
        }
        QueryDsl.Translated query = b.get("query") instanceof JsonObject dsl ? QueryDsl.translate(dsl, now)
                : q != null && !q.isBlank() ? new QueryDsl.Translated("(" + q + ")", null, null) : QueryDsl.translate(null, now);
        int size = count ? 0 : number(b, "size", Parameters.wholeNumber("size", sizeParam, 10, 0, MAX_WINDOW));
        int from = count ? 0 : number(b, "from", Parameters.wholeNumber("from", fromParam, 0, 0, MAX_WINDOW));
        if (size < 0 || from < 0 || size + from > MAX_WINDOW) {
            throw new InvalidRequestException("from + size must be at most " + MAX_WINDOW + " (from " + from + ", size " + size + ")");
        }
        boolean oldestFirst = oldestFirst(b.get("sort"));
        String searchAfter = searchAfter(b.get("search_after"), oldestFirst);
        if (searchAfter != null && from > 0) {
            throw new InvalidRequestException("[from] must be 0 with search_after (it is " + from + ")");
        }
        SourceFields fields = null;
        for (String key : new String[]{"fields", "docvalue_fields"}) {
            if (b.get(key) != null && b.get(key) != JsonValue.NULL) {
                SourceFields asked = SourceFields.ofFieldList(key, b.get(key));
                fields = fields == null ? asked : fields.and(asked);
            }
        }
        JsonValue aggsValue = b.containsKey("aggs") ? b.get("aggs") : b.get("aggregations");
        EsAggregations aggregations = EsAggregations.none();
        if (aggsValue instanceof JsonObject aggs && !count) {
            aggregations = EsAggregations.parse(aggs, now);
        } else if (aggsValue != null && aggsValue != JsonValue.NULL && !(aggsValue instanceof JsonObject)) {
            throw new InvalidRequestException("aggs must be an object");
        }
        return new EsSearch(query, size, from, SourceFields.of(b.get("_source")), fields, aggregations, searchAfter,
                highlight(b.get("highlight")), oldestFirst);
    }

    /** The native request over {@code index} (Elasticsearch's names, lists and patterns). */
    SearchRequest request(String index) {
        String pattern = index == null || index.equals("_all") ? "*" : index;
        Long from = query.from();
        Long to = query.to();
        if (pattern.contains("*") && from == null && to == null) {
            from = Long.MIN_VALUE; // Elasticsearch searches a pattern over all time: so does this
        }
        // oldest first, this search only counts: the hits come from OldestFirst
        return new SearchRequest(pattern, query.query(), from, to, oldestFirst ? 0 : size + this.from,
                oldestFirst ? null : searchAfter, aggregations.histogramInterval(), aggregations.termsFields(),
                aggregations.termsSize(), highlight != null);
    }

    /** The second sort value of a hit: the cursor after it, which {@code search_after} takes back. */
    static String cursorAfter(SearchHit hit) {
        return SearchCursor.after(hit).encode();
    }

    /**
     * {@code search_after}: the sort values of the last hit seen, {@code [time, cursor]} as this API
     * gives them, or {@code [time]} alone (then every hit of that millisecond counts as seen, in
     * either order).
     */
    private static String searchAfter(JsonValue value, boolean oldestFirst) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonArray values) || values.isEmpty() || values.size() > 2) {
            throw new InvalidRequestException("search_after must be the sort values of a hit: [time, cursor] or [time]");
        }
        if (values.size() == 2 && values.get(1) instanceof JsonString cursor) {
            return cursor.getString();
        }
        if (!(values.get(0) instanceof JsonNumber) && !(values.get(0) instanceof JsonString)) {
            throw new InvalidRequestException("search_after starts with the hit's time in epoch milliseconds, not " + values.get(0));
        }
        long time = Parameters.wholeNumber("search_after", values.get(0), 0L, Long.MIN_VALUE, Long.MAX_VALUE);
        return new SearchCursor(time, oldestFirst ? BEFORE_EVERY_INDEX : AFTER_EVERY_INDEX, "0-0").encode();
    }

    private static final Set<String> HIGHLIGHT_KEYS = Set.of("fields", "pre_tags", "post_tags", "encoder", "fragment_size",
            "number_of_fragments", "require_field_match", "type", "order", "no_match_size", "fragmenter");

    /** {@code highlight}: whole values are given back, each with the tags around its matches. */
    private static Highlight highlight(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonObject h)) {
            throw new InvalidRequestException("highlight must be an object");
        }
        for (String key : h.keySet()) {
            if (!HIGHLIGHT_KEYS.contains(key)) {
                throw new InvalidRequestException("highlight [" + key + "] is not supported; supported: "
                        + String.join(", ", new java.util.TreeSet<>(HIGHLIGHT_KEYS)));
            }
        }
        List<JsonValue> names = new ArrayList<>();
        if (h.get("fields") instanceof JsonObject byName) {
            byName.keySet().forEach(name -> names.add(JSON.createValue(name)));
        } else if (h.get("fields") instanceof JsonArray list) {
            for (JsonValue item : list) {
                if (item instanceof JsonObject one) {
                    one.keySet().forEach(name -> names.add(JSON.createValue(name)));
                }
            }
        }
        if (names.isEmpty()) {
            names.add(JSON.createValue("*"));
        }
        return new Highlight(SourceFields.ofFieldList("highlight.fields", JSON.createArrayBuilder(names).build()),
                tag(h, "pre_tags", "<em>"), tag(h, "post_tags", "</em>"),
                h.get("encoder") instanceof JsonString e && e.getString().equals("html"));
    }

    private static String tag(JsonObject highlight, String key, String fallback) {
        if (highlight.get(key) instanceof JsonArray tags && !tags.isEmpty() && tags.get(0) instanceof JsonString t) {
            return t.getString();
        }
        return fallback;
    }

    /**
     * A hit's highlight: per field, each value the query matched with the tags around the matches.
     *
     * @param values the hit's fields by dotted name ({@link SourceFields#flatten})
     */
    Map<String, List<String>> highlightOf(SearchHit hit, Map<String, List<JsonValue>> values) {
        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (Map.Entry<String, List<SearchHit.Highlight>> e : hit.highlight().entrySet()) {
            List<JsonValue> fieldValues = values.get(e.getKey());
            if (fieldValues == null || !highlight.fields().matches(e.getKey())) {
                continue;
            }
            Map<Integer, List<SearchHit.Highlight>> byValue = new TreeMap<>();
            e.getValue().forEach(m -> byValue.computeIfAbsent(m.value(), k -> new ArrayList<>()).add(m));
            List<String> fragments = new ArrayList<>();
            byValue.forEach((index, matches) -> {
                if (index < fieldValues.size()) {
                    JsonValue v = fieldValues.get(index);
                    fragments.add(tagged(v instanceof JsonString s ? s.getString() : v.toString(), matches));
                }
            });
            if (!fragments.isEmpty()) {
                shown.put(e.getKey(), fragments);
            }
        }
        return shown;
    }

    private String tagged(String text, List<SearchHit.Highlight> matches) {
        matches.sort(Comparator.comparingInt(SearchHit.Highlight::start));
        StringBuilder out = new StringBuilder(text.length() + 16);
        int at = 0;
        for (SearchHit.Highlight m : matches) {
            int start = Math.max(at, Math.min(m.start(), text.length()));
            int end = Math.max(start, Math.min(m.end(), text.length()));
            out.append(encoded(text.substring(at, start))).append(highlight.preTag())
                    .append(encoded(text.substring(start, end))).append(highlight.postTag());
            at = end;
        }
        return out.append(encoded(text.substring(at))).toString();
    }

    private String encoded(String text) {
        return highlight.html() ? text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#x27;") : text;
    }

    /**
     * Hits come newest first, or oldest first when the sort asks for the time ascending; relevance
     * and index order ({@code _score}, {@code _doc}) follow the time. Other sorts are a 400.
     */
    private static boolean oldestFirst(JsonValue sort) {
        if (sort == null || sort == JsonValue.NULL) {
            return false;
        }
        List<JsonValue> items = new ArrayList<>();
        if (sort instanceof JsonArray array) {
            items.addAll(array);
        } else {
            items.add(sort);
        }
        Boolean ascending = null;
        for (JsonValue item : items) {
            String field;
            String order = null;
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
            if (field.equals("_score") || field.equals("_doc") || field.equals("_shard_doc")) {
                continue;
            }
            if (!TIME_FIELDS.contains(field)) {
                throw new InvalidRequestException("sort on [" + field + "] is not supported: hits come by time"
                        + " (@timestamp desc or asc)");
            }
            boolean asc = order == null || order.equalsIgnoreCase("asc"); // Elasticsearch's default but for _score
            if (order != null && !asc && !order.equalsIgnoreCase("desc")) {
                throw new InvalidRequestException("sort order [" + order + "]: use asc or desc");
            }
            if (ascending == null) {
                ascending = asc;
            }
        }
        return ascending != null && ascending;
    }

    private static int number(JsonObject body, String key, int fallback) {
        JsonValue value = body.get(key);
        if (value == null || value == JsonValue.NULL) {
            return fallback;
        }
        return Parameters.wholeNumber(key, value, fallback, 0, MAX_WINDOW);
    }
}
