package org.observer.web.es;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.search.TimeExpressions;
import org.observer.web.rest.Parameters;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Elasticsearch's aggregations over the engine's exact counts: {@code date_histogram} and
 * {@code terms} as buckets, {@code value_count} as a metric, nested one level (Grafana puts a
 * date_histogram inside terms; Kibana a terms inside a date_histogram). The top level is counted
 * by the search itself; each nested level by further searches of the same query narrowed to a
 * bucket's term (a terms inside a date_histogram: one histogram per top term overall). What the
 * engine cannot answer is a 400 naming it.
 */
final class EsAggregations {

    /** An aggregation of the request, by its name. */
    sealed interface Agg permits DateHistogram, Terms, ValueCount {
        String name();
    }

    /**
     * @param minDocCount buckets with fewer matches are left out (0: empty buckets between the
     *                    first and last match, or the extended bounds, are shown)
     * @param boundsMin   extended_bounds.min (epoch ms) or null
     * @param format      how {@code key_as_string} is written
     */
    record DateHistogram(String name, String interval, long minDocCount, Long boundsMin, Long boundsMax,
                         DateTimeFormatter format, List<Agg> subs) implements Agg {
    }

    /** @param byKey order by the term ({@code _key}) rather than by count; {@code ascending} says which way */
    record Terms(String name, String field, int size, boolean byKey, boolean ascending, long minDocCount,
                 List<Agg> subs) implements Agg {
    }

    record ValueCount(String name, String field) implements Agg {
    }

    private static final Set<String> TIME_FIELDS = Set.of("@timestamp", "timestamp", "time");
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String SUPPORTED = "supported: date_histogram, terms, value_count (nested one level)";

    private final List<Agg> aggs;

    private EsAggregations(List<Agg> aggs) {
        this.aggs = aggs;
    }

    static EsAggregations none() {
        return new EsAggregations(List.of());
    }

    static EsAggregations parse(JsonObject aggs, long now) {
        List<Agg> parsed = parseLevel(aggs, 1, now);
        if (parsed.stream().filter(a -> a instanceof DateHistogram).count() > 1) {
            throw new InvalidRequestException("only one date_histogram aggregation per level is supported");
        }
        return new EsAggregations(parsed);
    }

    boolean isEmpty() {
        return aggs.isEmpty();
    }

    /** The top level's bucket width, counted by the search itself, or null. */
    String histogramInterval() {
        return aggs.stream().filter(a -> a instanceof DateHistogram).map(a -> ((DateHistogram) a).interval()).findFirst().orElse(null);
    }

    /** The top level's terms fields, counted by the search itself. */
    List<String> termsFields() {
        return aggs.stream().filter(a -> a instanceof Terms).map(a -> ((Terms) a).field()).distinct().toList();
    }

    /** How many terms per field the search counts: enough for every top-level terms aggregation. */
    int termsSize() {
        int size = SearchRequest.DEFAULT_TERMS_SIZE;
        for (Agg agg : aggs) {
            if (agg instanceof Terms t) {
                size = Math.max(size, fetched(t));
            }
        }
        return size;
    }

    /**
     * Writes {@code aggregations}: the top level from {@code result} (the search of
     * {@code request}), the nested levels from further searches through {@code search}.
     */
    void write(JsonOut json, SearchRequest request, SearchResult result, Function<SearchRequest, SearchResult> search,
               boolean typedKeys) {
        if (aggs.isEmpty()) {
            return;
        }
        Narrowed level = new Narrowed(request, search);
        json.writeStartObject("aggregations");
        for (Agg agg : aggs) {
            writeAgg(json, agg, level, result, typedKeys);
        }
        json.writeEnd();
    }

    // ---- evaluation

    /** Searches of the request's query narrowed by {@code filter} (null: not narrowed). */
    private record Narrowed(SearchRequest request, Function<SearchRequest, SearchResult> search, String filter) {

        Narrowed(SearchRequest request, Function<SearchRequest, SearchResult> search) {
            this(request, search, null);
        }

        Narrowed and(String clause) {
            return new Narrowed(request, search, filter == null ? clause : filter + " AND " + clause);
        }

        SearchResult count(String histogram, List<String> termsFields, int termsSize) {
            String q = request.query() == null || request.query().isBlank() ? "*" : request.query();
            String query = filter == null ? q : "(" + q + ") AND " + filter;
            return search.apply(new SearchRequest(request.index(), query, request.from(), request.to(), 0, null, histogram,
                    termsFields, Math.min(termsSize, SearchRequest.MAX_TERMS_SIZE), false));
        }
    }

    /** Writes one aggregation; {@code counted}: a search of this level that counted it already, or null. */
    private void writeAgg(JsonOut json, Agg agg, Narrowed level, SearchResult counted, boolean typedKeys) {
        if (agg instanceof ValueCount v) {
            long value = level.and(existsIn(v.field())).count(null, List.of(), 1).total();
            json.writeStartObject(typedKeys ? "value_count#" + v.name() : v.name()).write("value", value).writeEnd();
        } else if (agg instanceof Terms t) {
            SearchResult r = counted != null && counted.terms().containsKey(t.field()) ? counted
                    : level.count(null, List.of(t.field()), fetched(t));
            List<SearchResult.TermCount> top = top(t, r.terms().getOrDefault(t.field(), List.of()));
            long all = r.terms().getOrDefault(t.field(), List.of()).stream().mapToLong(SearchResult.TermCount::count).sum();
            startTerms(json, t, top, all, typedKeys);
            for (SearchResult.TermCount term : top) {
                json.writeStartObject();
                writeKey(json, term.term());
                json.write("doc_count", term.count());
                Narrowed bucket = level.and(termIn(t.field(), term.term()));
                for (Agg sub : t.subs()) {
                    writeAgg(json, sub, bucket, null, typedKeys);
                }
                json.writeEnd();
            }
            json.writeEnd().writeEnd();
        } else if (agg instanceof DateHistogram h) {
            writeHistogram(json, h, level,
                    counted != null && counted.histogram() != null ? counted : level.count(h.interval(), List.of(), 1), typedKeys);
        }
    }

    private void writeHistogram(JsonOut json, DateHistogram h, Narrowed level, SearchResult counted, boolean typedKeys) {
        SearchResult.Histogram histogram = counted.histogram();
        json.writeStartObject(typedKeys ? "date_histogram#" + h.name() : h.name()).writeStartArray("buckets");
        if (histogram == null) {
            json.writeEnd().writeEnd();
            return;
        }
        // the sub-aggregations of every bucket, each counted once over the whole histogram
        Map<Agg, List<Long>> valueCounts = new LinkedHashMap<>();
        Map<Agg, Map<String, List<Long>>> termsByBucket = new LinkedHashMap<>();
        for (Agg sub : h.subs()) {
            if (sub instanceof ValueCount v) {
                valueCounts.put(v, level.and(existsIn(v.field())).count(h.interval(), List.of(), 1).histogram().counts());
            } else if (sub instanceof Terms t) {
                    Map<String, List<Long>> perTerm = new LinkedHashMap<>();
                    List<SearchResult.TermCount> top = level.count(null, List.of(t.field()), perBucketCandidates(t)).terms()
                            .getOrDefault(t.field(), List.of());
                    for (SearchResult.TermCount term : top) {
                        perTerm.put(term.term(), level.and(termIn(t.field(), term.term())).count(h.interval(), List.of(), 1)
                                .histogram().counts());
                    }
                    termsByBucket.put(t, perTerm);
            } else {
                throw new InvalidRequestException("date_histogram [" + sub.name() + "] inside date_histogram [" + h.name()
                        + "] is not supported");
            }
        }
        List<Long> counts = histogram.counts();
        int first = 0;
        int last = counts.size() - 1;
        if (h.minDocCount() == 0) {
            // Elasticsearch fills the gaps between the first and last match, widened to the extended bounds
            while (first <= last && counts.get(first) == 0 && !withinBounds(h, histogram, first)) {
                first++;
            }
            while (last >= first && counts.get(last) == 0 && !withinBounds(h, histogram, last)) {
                last--;
            }
        }
        for (int i = first; i <= last; i++) {
            long count = counts.get(i);
            if (h.minDocCount() > 0 && count < h.minDocCount()) {
                continue;
            }
            long start = histogram.start() + i * histogram.intervalMs();
            json.writeStartObject().write("key_as_string", h.format().format(Instant.ofEpochMilli(start)))
                    .write("key", start).write("doc_count", count);
            for (Map.Entry<Agg, List<Long>> v : valueCounts.entrySet()) {
                json.writeStartObject(typedKeys ? "value_count#" + v.getKey().name() : v.getKey().name())
                        .write("value", v.getValue().get(i)).writeEnd();
            }
            for (Map.Entry<Agg, Map<String, List<Long>>> terms : termsByBucket.entrySet()) {
                Terms t = (Terms) terms.getKey();
                List<SearchResult.TermCount> inBucket = new ArrayList<>();
                long all = 0;
                for (Map.Entry<String, List<Long>> term : terms.getValue().entrySet()) {
                    long n = term.getValue().get(i);
                    all += n;
                    if (n > 0 && n >= t.minDocCount()) {
                        inBucket.add(new SearchResult.TermCount(term.getKey(), n));
                    }
                }
                inBucket.sort(Comparator.comparingLong(SearchResult.TermCount::count).reversed()
                        .thenComparing(SearchResult.TermCount::term));
                List<SearchResult.TermCount> top = top(t, inBucket);
                startTerms(json, t, top, all, typedKeys);
                for (SearchResult.TermCount term : top) {
                    json.writeStartObject();
                    writeKey(json, term.term());
                    json.write("doc_count", term.count()).writeEnd();
                }
                json.writeEnd().writeEnd();
            }
            json.writeEnd();
        }
        json.writeEnd().writeEnd();
    }

    /**
     * Opens a terms aggregation's answer up to its {@code buckets} array.
     *
     * @param all the matches holding any of the terms counted, shown or not
     */
    private static void startTerms(JsonOut json, Terms t, List<SearchResult.TermCount> top, long all, boolean typedKeys) {
        long shown = top.stream().mapToLong(SearchResult.TermCount::count).sum();
        json.writeStartObject(typedKeys ? termsType(top) + "#" + t.name() : t.name())
                .write("doc_count_error_upper_bound", 0).write("sum_other_doc_count", Math.max(0, all - shown))
                .writeStartArray("buckets");
    }

    private static boolean withinBounds(DateHistogram h, SearchResult.Histogram histogram, int bucket) {
        if (h.boundsMin() == null && h.boundsMax() == null) {
            return false;
        }
        long start = histogram.start() + bucket * histogram.intervalMs();
        long end = start + histogram.intervalMs();
        return (h.boundsMin() == null || end > h.boundsMin()) && (h.boundsMax() == null || start <= h.boundsMax());
    }

    /** The buckets shown, in the asked order (counts come most frequent first). */
    private static List<SearchResult.TermCount> top(Terms t, List<SearchResult.TermCount> counted) {
        List<SearchResult.TermCount> kept = new ArrayList<>();
        for (SearchResult.TermCount c : counted) {
            if (c.count() >= t.minDocCount()) {
                kept.add(c);
            }
        }
        if (t.byKey()) {
            Comparator<SearchResult.TermCount> byKey = Comparator.comparing(SearchResult.TermCount::term);
            kept.sort(t.ascending() ? byKey : byKey.reversed());
        }
        return kept.size() > t.size() ? kept.subList(0, t.size()) : kept;
    }

    /** Terms counted to answer {@code t}: its size, or every term the engine gives when ordered by key. */
    private static int fetched(Terms t) {
        return t.byKey() ? SearchRequest.MAX_TERMS_SIZE : Math.min(t.size(), SearchRequest.MAX_TERMS_SIZE);
    }

    /**
     * Terms counted per bucket of a date_histogram: the most frequent overall, several times the
     * size asked, so a term frequent in one bucket only is still likely among them (each costs a
     * histogram search).
     */
    private static int perBucketCandidates(Terms t) {
        return Math.min(SearchRequest.MAX_TERMS_SIZE, Math.max(20, 3 * t.size()));
    }

    /** Numbers are keyed as numbers ({@code lterms}), as Elasticsearch does for a numeric field. */
    private static String termsType(List<SearchResult.TermCount> terms) {
        return !terms.isEmpty() && terms.stream().allMatch(t -> t.term().matches("-?\\d{1,18}")) ? "lterms" : "sterms";
    }

    private static void writeKey(JsonOut json, String term) {
        if (term.matches("-?\\d{1,18}")) {
            json.write("key", Long.parseLong(term));
        } else {
            json.write("key", term);
        }
    }

    private static String termIn(String field, String term) {
        return field + ":\"" + term.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String existsIn(String field) {
        return field + ":*";
    }

    // ---- parsing

    private static List<Agg> parseLevel(JsonObject aggs, int depth, long now) {
        List<Agg> parsed = new ArrayList<>();
        for (Map.Entry<String, JsonValue> entry : aggs.entrySet()) {
            String name = entry.getKey();
            if (!(entry.getValue() instanceof JsonObject definition)) {
                throw new InvalidRequestException("aggregation [" + name + "] must be an object");
            }
            String type = null;
            JsonObject subs = null;
            for (String key : definition.keySet()) {
                if (key.equals("aggs") || key.equals("aggregations")) {
                    if (!(definition.get(key) instanceof JsonObject s)) {
                        throw new InvalidRequestException("aggregation [" + name + "]: " + key + " must be an object");
                    }
                    subs = s;
                } else if (!key.equals("meta")) {
                    if (type != null) {
                        throw new InvalidRequestException("aggregation [" + name + "] has two types: " + type + " and " + key);
                    }
                    type = key;
                }
            }
            if (type == null) {
                throw new InvalidRequestException("aggregation [" + name + "] has no type; " + SUPPORTED);
            }
            if (!(definition.get(type) instanceof JsonObject params)) {
                throw new InvalidRequestException("aggregation [" + name + "]: [" + type + "] must be an object");
            }
            List<Agg> nested = List.of();
            if (subs != null && !subs.isEmpty()) {
                if (depth >= 2 || type.equals("value_count")) {
                    throw new InvalidRequestException("aggregation [" + name + "]: sub-aggregations are supported one level deep,"
                            + " under date_histogram or terms");
                }
                nested = parseLevel(subs, depth + 1, now);
            }
            parsed.add(switch (type) {
                case "date_histogram" -> dateHistogram(name, params, nested, now);
                case "terms" -> terms(name, params, nested);
                case "value_count" -> new ValueCount(name, field(name, params));
                default -> throw new InvalidRequestException("aggregation type [" + type + "] is not supported; " + SUPPORTED);
            });
        }
        return parsed;
    }

    private static final Set<String> HISTOGRAM_KEYS = Set.of("field", "fixed_interval", "calendar_interval", "interval",
            "min_doc_count", "extended_bounds", "format", "time_zone", "offset", "keyed", "order");

    private static DateHistogram dateHistogram(String name, JsonObject params, List<Agg> subs, long now) {
        unsupportedKeys(name, "date_histogram", params, HISTOGRAM_KEYS);
        String field = params.getString("field", "@timestamp");
        if (!TIME_FIELDS.contains(field)) {
            throw new InvalidRequestException("date_histogram [" + name + "] on [" + field + "]: only on the log's time (@timestamp)");
        }
        String interval = interval(name, params);
        if (params.get("offset") instanceof JsonString offset && !offset.getString().matches("[+-]?0\\w*")) {
            throw new InvalidRequestException("date_histogram [" + name + "]: offset is not supported");
        }
        if (params.get("keyed") == JsonValue.TRUE) {
            throw new InvalidRequestException("date_histogram [" + name + "]: keyed buckets are not supported");
        }
        if (params.get("order") instanceof JsonObject order
                && !(order.get("_key") instanceof JsonString dir && dir.getString().equals("asc"))) {
            throw new InvalidRequestException("date_histogram [" + name + "]: buckets come oldest first (order _key asc) only");
        }
        checkTimeZone(name, params, interval);
        for (Agg sub : subs) {
            if (sub instanceof DateHistogram) {
                throw new InvalidRequestException("date_histogram [" + sub.name() + "] inside date_histogram [" + name
                        + "] is not supported");
            }
        }
        long minDocCount = Parameters.wholeNumber("min_doc_count", params.get("min_doc_count"), 0L, 0, Long.MAX_VALUE);
        Long boundsMin = null;
        Long boundsMax = null;
        if (params.get("extended_bounds") instanceof JsonObject bounds) {
            boundsMin = bound(name, bounds.get("min"), now);
            boundsMax = bound(name, bounds.get("max"), now);
        }
        return new DateHistogram(name, interval, minDocCount, boundsMin, boundsMax, format(name, params), subs);
    }

    private static final Set<String> TERMS_KEYS = Set.of("field", "size", "order", "min_doc_count", "shard_size",
            "execution_hint", "show_term_doc_count_error", "collect_mode");

    private static Terms terms(String name, JsonObject params, List<Agg> subs) {
        unsupportedKeys(name, "terms", params, TERMS_KEYS);
        String field = field(name, params);
        int size = Parameters.wholeNumber("terms [" + name + "] size", params.get("size"), 10, 1, SearchRequest.MAX_TERMS_SIZE);
        boolean byKey = false;
        boolean ascending = false;
        JsonValue order = params.get("order");
        if (order instanceof jakarta.json.JsonArray array && array.size() == 1) {
            order = array.get(0);
        }
        if (order instanceof JsonObject o) {
            if (o.size() != 1 || !(o.values().iterator().next() instanceof JsonString dir)) {
                throw new InvalidRequestException("terms [" + name + "]: order by one key, {\"_count\": \"desc\"} or {\"_key\": \"asc\"}");
            }
            String key = o.keySet().iterator().next();
            ascending = dir.getString().equalsIgnoreCase("asc");
            byKey = key.equals("_key") || key.equals("_term");
            if (!byKey && !(key.equals("_count") && !ascending)) {
                throw new InvalidRequestException("terms [" + name + "]: order by [" + key + "] " + dir.getString()
                        + " is not supported; use _count desc or _key asc/desc");
            }
        } else if (order != null) {
            throw new InvalidRequestException("terms [" + name + "]: order must be an object such as {\"_count\": \"desc\"}");
        }
        long minDocCount = Parameters.wholeNumber("min_doc_count", params.get("min_doc_count"), 1L, 0, Long.MAX_VALUE);
        return new Terms(name, field, size, byKey, ascending, Math.max(1, minDocCount), subs);
    }

    private static String field(String name, JsonObject params) {
        if (params.get("field") instanceof JsonString f && !f.getString().isBlank()) {
            return f.getString();
        }
        throw new InvalidRequestException("aggregation [" + name + "] needs a field" + (params.containsKey("script")
                ? " (scripts are not supported)" : ""));
    }

    private static void unsupportedKeys(String name, String type, JsonObject params, Set<String> known) {
        for (String key : params.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidRequestException(type + " [" + name + "]: [" + key + "] is not supported; supported: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    /** A date_histogram's interval as the engine's bucket width. */
    private static String interval(String name, JsonObject params) {
        for (String key : new String[]{"fixed_interval", "calendar_interval", "interval"}) {
            if (params.get(key) instanceof JsonString s) {
                String asked = s.getString().trim();
                if (asked.equals("1M") || asked.matches("(?i)month|quarter|1q|year|1y")) {
                    throw new InvalidRequestException("date_histogram [" + name + "] interval [" + asked + "]: months, quarters"
                            + " and years are not supported; use a fixed interval such as 1d");
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
                            throw new InvalidRequestException("date_histogram [" + name + "] interval [" + asked
                                    + "]: use a fixed interval such as 30s, 5m, 1h or 1d");
                        }
                        yield v;
                    }
                };
            }
        }
        throw new InvalidRequestException("date_histogram [" + name + "] needs fixed_interval or calendar_interval");
    }

    /** Buckets start on UTC boundaries: a time zone changes nothing for buckets of an hour or less, else it must be UTC. */
    private static void checkTimeZone(String name, JsonObject params, String interval) {
        if (!(params.get("time_zone") instanceof JsonString tz)) {
            return;
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(tz.getString());
        } catch (RuntimeException e) {
            throw new InvalidRequestException("date_histogram [" + name + "]: unknown time_zone [" + tz.getString() + "]");
        }
        boolean utc = zone.normalized().equals(ZoneOffset.UTC);
        boolean hourly = interval.matches("\\d+(ms|s|m)") || interval.equals("1h");
        if (!utc && !hourly) {
            throw new InvalidRequestException("date_histogram [" + name + "]: buckets longer than an hour start on UTC"
                    + " boundaries; time_zone [" + tz.getString() + "] is not supported for them");
        }
    }

    private static DateTimeFormatter format(String name, JsonObject params) {
        if (!(params.get("format") instanceof JsonString f)) {
            return ISO_MILLIS;
        }
        String format = f.getString();
        return switch (format) {
            case "epoch_millis" -> new java.time.format.DateTimeFormatterBuilder().appendValue(java.time.temporal.ChronoField.INSTANT_SECONDS)
                    .appendValue(java.time.temporal.ChronoField.MILLI_OF_SECOND, 3).toFormatter().withZone(ZoneOffset.UTC);
            case "epoch_second" -> new java.time.format.DateTimeFormatterBuilder()
                    .appendValue(java.time.temporal.ChronoField.INSTANT_SECONDS).toFormatter().withZone(ZoneOffset.UTC);
            case "strict_date_optional_time", "date_optional_time", "strict_date_time", "date_time" -> ISO_MILLIS;
            default -> {
                try {
                    yield DateTimeFormatter.ofPattern(format, Locale.ROOT).withZone(ZoneOffset.UTC);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("date_histogram [" + name + "]: format [" + format + "] is not supported: "
                            + e.getMessage());
                }
            }
        };
    }

    private static Long bound(String name, JsonValue value, long now) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        String text = value instanceof JsonNumber ? String.valueOf(Parameters.wholeNumber("extended_bounds", value, 0L,
                Long.MIN_VALUE, Long.MAX_VALUE)) : value instanceof JsonString s ? s.getString() : null;
        if (text == null) {
            throw new InvalidRequestException("date_histogram [" + name + "]: extended_bounds must be times");
        }
        return TimeExpressions.parse("extended_bounds", text, now);
    }
}
