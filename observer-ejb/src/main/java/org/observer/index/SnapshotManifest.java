package org.observer.index;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import org.observer.api.SnapshotInfo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** {@code snapshot.json}: what a snapshot holds, written last so that its presence marks the snapshot complete. */
final class SnapshotManifest {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final int VERSION = 1;

    private SnapshotManifest() {
    }

    static byte[] encode(SnapshotInfo info) {
        JsonObjectBuilder offsets = JSON.createObjectBuilder();
        info.offsets().forEach((partition, offset) -> offsets.add(String.valueOf(partition), offset));
        return JSON.createObjectBuilder()
                .add("v", VERSION)
                .add("index", info.index())
                .add("snapshot", info.snapshot())
                .add("time", info.time())
                .add("documents", info.documents())
                .add("chunks", info.chunks())
                .add("disk_bytes", info.diskBytes())
                .add("offsets", offsets)
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }

    static SnapshotInfo decode(byte[] bytes) {
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(bytes))) {
            JsonObject json = reader.readObject();
            Map<Integer, Long> offsets = new TreeMap<>();
            json.getJsonObject("offsets").forEach((k, v) -> offsets.put(Integer.parseInt(k), ((jakarta.json.JsonNumber) v).longValue()));
            return new SnapshotInfo(json.getString("index"), json.getString("snapshot"),
                    json.getJsonNumber("time").longValue(), json.getJsonNumber("documents").longValue(),
                    json.getInt("chunks"), json.getJsonNumber("disk_bytes").longValue(), offsets);
        }
    }
}
