package org.observer.web.rest;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonErrorsTest {

    private static JsonObject parsed(String json) {
        return jakarta.json.Json.createReader(new java.io.StringReader(json)).readObject();
    }

    @Test
    void anErrorTakesTheShapeOfItsApi() {
        JsonObject es = parsed(Json.errorFor("/api/es/_bulk", 405, "method_not_allowed", "no \"PATCH\" here"));
        assertEquals(405, es.getInt("status"));
        assertEquals("no \"PATCH\" here", es.getJsonObject("error").getString("reason"));
        assertEquals("method_not_allowed", es.getJsonObject("error").getJsonArray("root_cause").getJsonObject(0).getString("type"));
        JsonObject nativeError = parsed(Json.errorFor("/api/search", 400, "bad_request", "why"));
        assertEquals(400, nativeError.getInt("status"));
        assertEquals("why", nativeError.getJsonObject("error").getString("reason"));
        assertEquals(nativeError, parsed(Json.errorFor(null, 400, "bad_request", "why")));
    }
}
