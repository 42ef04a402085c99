package org.observer.web.es;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.observer.analysis.FieldTypes;
import org.observer.api.InvalidRequestException;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SourceFieldsTest {

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    private static final JsonObject LOG = json("{\"@timestamp\":\"2025-07-10T12:00:00Z\",\"message\":\"disk full on /var\","
            + "\"host\":{\"name\":\"web-01\",\"ip\":\"10.0.0.1\"},\"tags\":[\"a\",\"b\"],\"took\":12,\"ratio\":0.5,\"ok\":true}")
            .asJsonObject();

    @Test
    void sourceFilteringKeepsAndDropsDottedPathsWithWildcards() {
        assertEquals(LOG, SourceFields.of(JsonValue.TRUE).filter(LOG));
        assertNull(SourceFields.of(JsonValue.FALSE));
        assertEquals(json("{\"host\":{\"name\":\"web-01\"}}"), SourceFields.of(json("\"host.name\"")).filter(LOG));
        assertEquals(json("{\"host\":{\"name\":\"web-01\",\"ip\":\"10.0.0.1\"},\"took\":12}"),
                SourceFields.of(json("[\"host\",\"to*\"]")).filter(LOG));
        assertEquals(json("{\"@timestamp\":\"2025-07-10T12:00:00Z\",\"host\":{\"name\":\"web-01\"}}"),
                SourceFields.of(json("{\"includes\":[\"@timestamp\",\"host.*\"],\"excludes\":[\"*.ip\"]}")).filter(LOG));
        assertThrows(InvalidRequestException.class, () -> SourceFields.of(json("{\"only\":[\"x\"]}")));
    }

    @Test
    void fieldsAreLeavesByDottedNameWithTheirValues() {
        Map<String, List<JsonValue>> fields = SourceFields.ofFieldList("fields", json("[\"host.*\",{\"field\":\"tags\"}]"))
                .fields(LOG);
        assertEquals(List.of("host.name", "host.ip", "tags"), List.copyOf(fields.keySet()));
        assertEquals(List.of(Json.createValue("a"), Json.createValue("b")), fields.get("tags"));
    }

    @Test
    void mappingsAreDerivedFromTheLogs() {
        FieldMappings mappings = new FieldMappings(FieldTypes.DEFAULT);
        mappings.add(LOG);
        mappings.add(json("{\"took\":1.5,\"ok\":\"yes\"}").asJsonObject());
        assertEquals(Map.of("@timestamp", "date", "message", "text", "host.name", "keyword", "host.ip", "keyword",
                "tags", "keyword", "took", "double", "ratio", "double", "ok", "keyword"), mappings.types());
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonOut json = new JsonOut(out)) {
            json.writeStartObject();
            mappings.writeProperties(json);
            json.writeEnd();
        }
        JsonObject properties = json(out.toString()).asJsonObject().getJsonObject("properties");
        assertEquals("keyword", properties.getJsonObject("host").getJsonObject("properties").getJsonObject("name").getString("type"));
        assertEquals("date", properties.getJsonObject("@timestamp").getString("type"));
    }
}
