package org.observer.web.es;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nested aggregations computed from the engine's counts: an in-memory "engine" over a few logs
 * answers the searches, so the buckets can be checked against counting by hand.
 */
class EsAggregationsTest {

    private static final long NOW = 1_752_148_800_000L; // 2025-07-10T12:00:00Z
    private static final long MINUTE = 60_000;

    /** A log: its time, level and host. */
    private record Log(long time, String level, String host) {
    }

    private final List<Log> logs = List.of(
            new Log(NOW, "info", "a"), new Log(NOW + 1_000, "error", "a"), new Log(NOW + 2_000, "info", "b"),
            new Log(NOW + MINUTE, "info", "a"), new Log(NOW + 3 * MINUTE, "error", "b"), new Log(NOW + 3 * MINUTE + 5, "error", "b"));
    private final List<SearchRequest> asked = new ArrayList<>();

    /** Answers the few queries the aggregations send: "*", and narrowed by field:"value" or field:*. */
    private SearchResult search(SearchRequest request) {
        asked.add(request);
        List<Log> matched = new ArrayList<>();
        for (Log log : logs) {
            if (matches(request.query(), log)) {
                matched.add(log);
            }
        }
        SearchResult.Histogram histogram = null;
        if (request.histogram() != null) {
            long start = NOW;
            List<Long> counts = new ArrayList<>(List.of(0L, 0L, 0L, 0L, 0L));
            for (Log log : matched) {
                int bucket = (int) ((log.time() - start) / MINUTE);
                counts.set(bucket, counts.get(bucket) + 1);
            }
            histogram = new SearchResult.Histogram(start, MINUTE, counts);
        }
        Map<String, List<SearchResult.TermCount>> terms = new LinkedHashMap<>();
        for (String field : request.termsFields()) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            for (Log log : matched) {
                counts.merge(field.equals("level") ? log.level() : log.host(), 1L, Long::sum);
            }
            terms.put(field, counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(request.termsSize()).map(e -> new SearchResult.TermCount(e.getKey(), e.getValue())).toList());
        }
        return new SearchResult(0, matched.size(), List.of(), null, histogram, terms, null);
    }

    private static boolean matches(String query, Log log) {
        for (String clause : query.split(" AND ")) {
            String c = clause.replace("(", "").replace(")", "");
            if (c.equals("*") || c.endsWith(":*")) {
                continue;
            }
            String[] fv = c.split(":", 2);
            String value = fv[1].replace("\"", "");
            if (!(fv[0].equals("level") ? log.level() : log.host()).equals(value)) {
                return false;
            }
        }
        return true;
    }

    private JsonObject aggregate(String aggs) {
        EsAggregations parsed = EsAggregations.parse(Json.createReader(new StringReader(aggs)).readObject(), NOW);
        SearchRequest request = new SearchRequest("logs", "*", NOW, NOW + 5 * MINUTE, 0, null, parsed.histogramInterval(),
                parsed.termsFields(), parsed.termsSize(), false);
        SearchResult result = search(request);
        StringWriter out = new StringWriter();
        try (JsonOut json = new JsonOut(out)) {
            json.writeStartObject();
            parsed.write(json, request, result, this::search, false);
            json.writeEnd();
        }
        return Json.createReader(new StringReader(out.toString())).readObject().getJsonObject("aggregations");
    }

    @Test
    void aDateHistogramInsideTermsCountsEachTermsLogsPerBucket() {
        JsonObject aggs = aggregate("{\"by_level\":{\"terms\":{\"field\":\"level\"},\"aggs\":{\"t\":{\"date_histogram\":"
                + "{\"field\":\"@timestamp\",\"fixed_interval\":\"1m\",\"min_doc_count\":0,"
                + "\"extended_bounds\":{\"min\":" + NOW + ",\"max\":" + (NOW + 4 * MINUTE) + "},\"format\":\"epoch_millis\"}}}}}");
        var levels = aggs.getJsonObject("by_level").getJsonArray("buckets");
        assertEquals(2, levels.size());
        // info and error have 3 logs each: ties in term order
        assertEquals("error", levels.getJsonObject(0).getString("key"));
        var errorBuckets = levels.getJsonObject(0).getJsonObject("t").getJsonArray("buckets");
        assertEquals(5, errorBuckets.size(), "min_doc_count 0 fills the extended bounds");
        assertEquals(List.of(1, 0, 0, 2, 0), errorBuckets.stream().map(b -> b.asJsonObject().getInt("doc_count")).toList());
        assertEquals(String.valueOf(NOW), errorBuckets.getJsonObject(0).getString("key_as_string"));
    }

    @Test
    void termsInsideADateHistogramArePerBucketAndValueCountToo() {
        JsonObject aggs = aggregate("{\"h\":{\"date_histogram\":{\"field\":\"@timestamp\",\"fixed_interval\":\"1m\"},"
                + "\"aggs\":{\"hosts\":{\"terms\":{\"field\":\"host\",\"size\":1}},\"n\":{\"value_count\":{\"field\":\"host\"}}}}}");
        var buckets = aggs.getJsonObject("h").getJsonArray("buckets");
        // empty buckets between the first and the last match are shown (Elasticsearch's default), none after
        assertEquals(List.of(3, 1, 0, 2), buckets.stream().map(b -> b.asJsonObject().getInt("doc_count")).toList());
        JsonObject first = buckets.getJsonObject(0);
        assertEquals("a", first.getJsonObject("hosts").getJsonArray("buckets").getJsonObject(0).getString("key"));
        assertEquals(2, first.getJsonObject("hosts").getJsonArray("buckets").getJsonObject(0).getInt("doc_count"));
        assertEquals(1, first.getJsonObject("hosts").getInt("sum_other_doc_count"));
        assertEquals(3, first.getJsonObject("n").getInt("value"));
        assertEquals("b", buckets.getJsonObject(3).getJsonObject("hosts").getJsonArray("buckets").getJsonObject(0).getString("key"));
    }

    @Test
    void termsOrderedByKeyAndTopLevelCountsComeFromTheSearchItself() {
        JsonObject aggs = aggregate("{\"hosts\":{\"terms\":{\"field\":\"host\",\"order\":{\"_key\":\"desc\"}}},"
                + "\"n\":{\"value_count\":{\"field\":\"level\"}}}");
        assertEquals(List.of("b", "a"), aggs.getJsonObject("hosts").getJsonArray("buckets").stream()
                .map(b -> b.asJsonObject().getString("key")).toList());
        assertEquals(6, aggs.getJsonObject("n").getInt("value"));
        assertEquals(2, asked.size(), "one search for the terms, one for the value count");
    }

    @Test
    void whatTheEngineCannotAnswerIsNamed() {
        assertTrue(assertThrows(InvalidRequestException.class, () -> aggregate("{\"x\":{\"avg\":{\"field\":\"n\"}}}"))
                .getMessage().contains("[avg]"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> aggregate(
                "{\"h\":{\"date_histogram\":{\"fixed_interval\":\"1m\"},\"aggs\":{\"g\":{\"date_histogram\":{\"fixed_interval\":\"1m\"}}}}}"))
                .getMessage().contains("inside date_histogram"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> aggregate(
                "{\"t\":{\"terms\":{\"field\":\"host\"},\"aggs\":{\"u\":{\"terms\":{\"field\":\"level\"},"
                        + "\"aggs\":{\"v\":{\"value_count\":{\"field\":\"host\"}}}}}}}"))
                .getMessage().contains("one level deep"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> aggregate(
                "{\"t\":{\"terms\":{\"field\":\"host\",\"order\":{\"_count\":\"asc\"}}}}")).getMessage().contains("[_count] asc"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> aggregate(
                "{\"h\":{\"date_histogram\":{\"calendar_interval\":\"1d\",\"time_zone\":\"Europe/Paris\"}}}"))
                .getMessage().contains("time_zone"));
    }
}
