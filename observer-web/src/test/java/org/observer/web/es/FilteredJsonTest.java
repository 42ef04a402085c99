package org.observer.web.es;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FilteredJsonTest {

    /** Two bulk items as the Elasticsearch API answers them: one created, one refused with an error. */
    private static byte[] bulk(FilterPath filter) {
        FilteredJson json = new FilteredJson(filter, 16);
        json.field("took", 3).field("errors", true).startArray("items");
        json.startObject().startObject("create").field("_index", "a").field("_id", "0-1")
                .startObject("_shards").field("total", 1).field("failed", 0).end().field("status", 201).end().end();
        json.startObject().startObject("create").field("_index", "a").field("_id", (String) null).field("status", 400)
                .startObject("error").field("type", "x").field("reason", "y \"quoted\" é\n").end().end().end();
        return json.end().toByteArray();
    }

    private static final String BULK = "{\"took\":3,\"errors\":true,\"items\":[{\"create\":{\"_index\":\"a\",\"_id\":\"0-1\","
            + "\"_shards\":{\"total\":1,\"failed\":0},\"status\":201}},{\"create\":{\"_index\":\"a\",\"_id\":null,\"status\":400,"
            + "\"error\":{\"type\":\"x\",\"reason\":\"y \\\"quoted\\\" é\\n\"}}}]}";

    @Test
    void withoutAFilterItWritesEverything() {
        assertEquals(BULK, new String(bulk(null), StandardCharsets.UTF_8));
    }

    @Test
    void keepsWhatAFilterPathKeepsOfTheWholeAnswer() {
        for (String filter : List.of("errors,items.*.error,items.*.status", "**.reason,items.*.status,-items.*._index",
                "-items", "nothing.here", "items,-items.*._index", "items.*._shards", "took,items.create._id",
                "-**.type", "items.*.error.type")) {
            assertEquals(FilterPath.of(filter).apply(BULK), new String(bulk(FilterPath.of(filter)), StandardCharsets.UTF_8),
                    filter);
        }
    }

    @Test
    void anIncludedPartKeepsAllBelowItButWhatAnExclusionRemoves() {
        assertEquals("{\"items\":[{\"create\":{\"_id\":\"0-1\",\"status\":201}},{\"create\":{\"_id\":null,\"status\":400}}]}",
                FilterPath.of("items,-items.*._index,-**.error,-**._shards").apply(BULK));
    }
}
