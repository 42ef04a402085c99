package org.observer.oplog;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * An oplog entry on the wire and in the archive: a small JSON object that names its own version
 * ({@code "v":1}) and fields, so any tool can read it and later versions can add fields. Absent
 * values are left out. The sequence is not stored: it is the entry's topic offset.
 */
public final class OplogCodec {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Version of the entry format written by this code. */
    public static final int VERSION = 1;

    private OplogCodec() {
    }

    public static byte[] encode(OplogEntry entry) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("v", VERSION)
                .add("time", entry.time())
                .add("node", entry.node())
                .add("action", entry.action().name().toLowerCase())
                .add("index", entry.index());
        if (entry.partition() != null) {
            json.add("partition", entry.partition());
        }
        if (entry.fromOffset() != null) {
            json.add("from", entry.fromOffset());
        }
        if (entry.toOffset() != null) {
            json.add("to", entry.toOffset());
        }
        if (entry.documents() != null) {
            json.add("documents", entry.documents());
        }
        if (entry.detail() != null) {
            json.add("detail", entry.detail());
        }
        return json.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException if the bytes are not an oplog entry of a version this code reads
     */
    public static OplogEntry decode(long sequence, byte[] bytes) {
        JsonObject json;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an oplog entry: " + e.getMessage(), e);
        }
        int version = json.getInt("v", -1);
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("oplog entry version " + version + " is not readable by this node (reads 1.." + VERSION + ")");
        }
        try {
            return new OplogEntry(sequence, json.getJsonNumber("time").longValue(), json.getString("node"),
                    OplogAction.valueOf(json.getString("action").toUpperCase()), json.getString("index"),
                    json.containsKey("partition") ? json.getInt("partition") : null,
                    longOrNull(json, "from"), longOrNull(json, "to"), longOrNull(json, "documents"),
                    json.get("detail") instanceof JsonString s ? s.getString() : null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed oplog entry: " + e, e);
        }
    }

    private static Long longOrNull(JsonObject json, String key) {
        JsonValue value = json.get(key);
        return value instanceof JsonNumber n ? n.longValue() : null;
    }
}
