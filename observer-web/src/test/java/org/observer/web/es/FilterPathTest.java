package org.observer.web.es;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FilterPathTest {

    private static final String BULK = "{\"took\":3,\"errors\":true,\"items\":[{\"create\":{\"_index\":\"a\",\"_id\":\"0-1\","
            + "\"status\":201}},{\"create\":{\"_index\":\"a\",\"_id\":null,\"status\":400,\"error\":{\"type\":\"x\",\"reason\":\"y\"}}}]}";

    @Test
    void keepsWhatBeatsAndLogstashAskOfABulkAnswer() {
        assertEquals("{\"errors\":true,\"items\":[{\"create\":{\"status\":201}},{\"create\":{\"status\":400,"
                + "\"error\":{\"type\":\"x\",\"reason\":\"y\"}}}]}", FilterPath.of("errors,items.*.error,items.*.status").apply(BULK));
    }

    @Test
    void anyDepthExclusionsAndNothingKept() {
        assertEquals("{\"items\":[{\"create\":{\"status\":400,\"error\":{\"reason\":\"y\"}}}]}",
                FilterPath.of("**.reason,items.*.status,-items.*._index").apply(BULK).replace("{\"create\":{\"status\":201}},", ""));
        assertEquals("{\"took\":3,\"errors\":true}", FilterPath.of("-items").apply(BULK));
        assertEquals("{}", FilterPath.of("nothing.here").apply(BULK));
    }
}
