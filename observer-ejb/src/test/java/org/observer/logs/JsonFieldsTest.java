package org.observer.logs;

import org.junit.jupiter.api.Test;
import org.observer.analysis.FieldValue;
import org.observer.logs.JsonFields;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonFieldsTest {

    @Test
    void aBareValueOutsideAnyObjectNamesNoField() {
        // never stored (logs are objects), but a damaged stored record may read back as one
        for (String json : new String[] {"5", "\"text\"", "true", "null"}) {
            assertTrue(JsonFields.flatten(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEmpty(), json);
        }
    }

    @Test
    void flattensNestedObjectsAndArraysIntoDottedFields() {
        String json = "{\"message\":\"hi\",\"user\":{\"name\":\"alice\",\"roles\":[\"admin\",\"ops\"]},"
                + "\"tags\":[{\"k\":\"a\"},{\"k\":\"b\"}],\"n\":1.5e3,\"ok\":true,\"off\":false,\"none\":null,"
                + "\"matrix\":[[1,2],[3]]}";
        assertEquals(List.of(
                new FieldValue("message", "hi"),
                new FieldValue("user.name", "alice"),
                new FieldValue("user.roles", "admin"),
                new FieldValue("user.roles", "ops"),
                new FieldValue("tags.k", "a"),
                new FieldValue("tags.k", "b"),
                new FieldValue("n", "1.5e3"),
                new FieldValue("ok", "true"),
                new FieldValue("off", "false"),
                new FieldValue("matrix", "1"),
                new FieldValue("matrix", "2"),
                new FieldValue("matrix", "3")),
                JsonFields.flatten(json.getBytes(StandardCharsets.UTF_8)));
    }
}
