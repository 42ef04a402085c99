package org.observer.cluster;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A node announcement on the wire: a small JSON object that names its own version ({@code "v":1}),
 * like the oplog's entries, so any tool (kcat) can read it and later versions can add fields, which
 * this version ignores. Partitions and their lags travel together as {@code "partitions":{"0":12}}.
 */
public final class NodeAnnouncementCodec {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Version of the announcement format written by this code. */
    public static final int VERSION = 1;

    private NodeAnnouncementCodec() {
    }

    public static byte[] encode(NodeAnnouncement a) {
        JsonObjectBuilder partitions = JSON.createObjectBuilder();
        a.lag().forEach((partition, lag) -> partitions.add(String.valueOf(partition), lag));
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("v", VERSION)
                .add("name", a.name())
                .add("url", a.url())
                .add("rpc", a.rpc())
                .add("version", a.version())
                .add("state", a.leaving() ? "leaving" : "active")
                .add("started", a.started())
                .add("sent", a.sent())
                .add("heap_used", a.heapUsedBytes())
                .add("heap_max", a.heapMaxBytes())
                .add("disk", a.diskBytes())
                .add("disk_free", a.diskFreeBytes())
                .add("open", a.openIndexes())
                .add("memory_budget", a.memoryBudgetBytes())
                .add("memory_used", a.memoryUsedBytes())
                // a tenth of a log per second is precision enough, and keeps the message short
                .add("rate", Double.isFinite(a.ingestRate()) ? Math.round(a.ingestRate() * 10) / 10.0 : -1)
                .add("partitions", partitions)
                .add("replicas", JSON.createArrayBuilder(a.replicas()))
                .add("handing_over", JSON.createArrayBuilder(a.handingOver()));
        return json.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException if the bytes are not an announcement of a version this code
     *                                  reads; the message names what is wrong
     */
    public static NodeAnnouncement decode(byte[] bytes) {
        JsonObject json;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a node announcement (a JSON object): " + e.getMessage(), e);
        }
        JsonValue v = json.get("v");
        int version = v instanceof JsonNumber n ? n.intValue() : -1;
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("node announcement version " + (v == null ? "missing" : v)
                    + " is not readable by this node (reads 1.." + VERSION + ")");
        }
        String state = string(json, "state");
        if (!state.equals("active") && !state.equals("leaving")) {
            throw new IllegalArgumentException("node announcement field state is '" + state + "': expected active or leaving");
        }
        return new NodeAnnouncement(string(json, "name"), string(json, "url"), string(json, "rpc"),
                optionalString(json, "version"), state.equals("leaving"),
                number(json, "started", null).longValue(), number(json, "sent", null).longValue(),
                number(json, "heap_used", -1).longValue(), number(json, "heap_max", -1).longValue(),
                number(json, "disk", -1).longValue(), number(json, "disk_free", -1).longValue(),
                number(json, "open", 0).intValue(), number(json, "rate", -1).doubleValue(),
                partitions(json), partitionList(json, "replicas"), partitionList(json, "handing_over"),
                number(json, "memory_budget", -1).longValue(), number(json, "memory_used", -1).longValue());
    }

    /** A list of partitions under {@code key} (absent from announcements of older nodes: empty). */
    private static java.util.List<Integer> partitionList(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return java.util.List.of();
        }
        if (!(value instanceof jakarta.json.JsonArray array)) {
            throw new IllegalArgumentException("node announcement field " + key + " is " + value.getValueType()
                    + ": expected an array of partitions");
        }
        java.util.List<Integer> replicas = new java.util.ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonNumber n) || !n.isIntegral() || n.intValue() < 0) {
                throw new IllegalArgumentException("node announcement field " + key + " holds " + item + ", not a partition number");
            }
            replicas.add(n.intValue());
        }
        return replicas;
    }

    private static Map<Integer, Long> partitions(JsonObject json) {
        JsonValue value = json.get("partitions");
        if (value == null || value == JsonValue.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject partitions)) {
            throw new IllegalArgumentException("node announcement field partitions is " + value.getValueType()
                    + ": expected an object of partition → lag");
        }
        Map<Integer, Long> lag = new HashMap<>();
        for (Map.Entry<String, JsonValue> e : partitions.entrySet()) {
            int partition;
            try {
                partition = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                partition = -1;
            }
            if (partition < 0) {
                throw new IllegalArgumentException("node announcement partition '" + e.getKey() + "' is not a partition number");
            }
            if (!(e.getValue() instanceof JsonNumber n)) {
                throw new IllegalArgumentException("node announcement lag of partition " + partition + " is not a number");
            }
            lag.put(partition, n.longValue());
        }
        return lag;
    }

    private static String string(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (!(value instanceof JsonString s) || s.getString().isBlank()) {
            throw new IllegalArgumentException("node announcement field " + key + " is "
                    + (value == null ? "missing" : value.toString()) + ": expected a non-empty string");
        }
        return s.getString();
    }

    private static String optionalString(JsonObject json, String key) {
        return json.get(key) instanceof JsonString s ? s.getString() : "";
    }

    /** The number under {@code key}, or {@code absent} when missing (null: the field is required). */
    private static Number number(JsonObject json, String key, Number absent) {
        JsonValue value = json.get(key);
        if (value == null && absent != null) {
            return absent;
        }
        if (!(value instanceof JsonNumber n)) {
            throw new IllegalArgumentException("node announcement field " + key + " is "
                    + (value == null ? "missing" : value.toString()) + ": expected a number");
        }
        return n.isIntegral() ? (Number) n.longValue() : (Number) n.doubleValue();
    }
}
