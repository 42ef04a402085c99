package org.observer.web.es;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.observer.api.InvalidRequestException;
import org.observer.logs.NdjsonLines;
import org.observer.logs.Utf8;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Elasticsearch {@code _bulk} body read into its actions: pairs of an action line and a
 * document line. A body that is not pairs of lines is the client's mistake as a whole (400, as
 * Elasticsearch answers); an action this engine does not do is refused alone, in its item.
 * Documents stay where they are in the body: an action points at its document's bytes.
 */
final class BulkActions {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * One action: {@code kind} (index, create, delete, update), its index (from the action or the
     * path; null if neither names one) and {@code _id} (null if none), its document's bytes
     * {@code [from, to)} in the body (-1, -1 for an action without one), and why it cannot be
     * done, or null.
     */
    record Action(String kind, String index, String id, int from, int to, String refusal) {

        /** The document's text (for tests and messages; ingest reads the bytes where they are). */
        String source(byte[] body) {
            return from < 0 ? null : new String(body, from, to - from, StandardCharsets.UTF_8);
        }
    }

    /** What an action line says, kept while the next action lines are the same bytes. */
    private record Meta(String kind, String index, String id) {
    }

    private BulkActions() {
    }

    static List<Action> parse(byte[] body, String pathIndex) {
        NdjsonLines lines = NdjsonLines.split(body);
        List<Action> actions = new ArrayList<>();
        Meta previous = null;
        int previousFrom = 0;
        int previousTo = 0;
        for (int i = 0; i < lines.count(); ) {
            int number = i + 1;
            int from = lines.from(i);
            int to = lines.to(i);
            if (lines.isBlank(i++)) {
                continue;
            }
            // Shippers repeat one action line ({"create":{}}, or the same _index): read it once.
            Meta meta = previous != null && Arrays.equals(body, from, to, body, previousFrom, previousTo)
                    ? previous : meta(body, from, to, number, pathIndex);
            previous = meta;
            previousFrom = from;
            previousTo = to;
            switch (meta.kind()) {
                case "index", "create" -> {
                    if (i >= lines.count() || lines.isBlank(i)) {
                        throw new InvalidRequestException("the " + meta.kind() + " action on line " + number
                                + " has no document on the next line");
                    }
                    actions.add(new Action(meta.kind(), meta.index(), meta.id(), lines.from(i), lines.to(i), meta.index() == null
                            ? "no index: name it in the action's _index or in the path (/{index}/_bulk)" : null));
                    i++;
                }
                case "delete" -> actions.add(new Action(meta.kind(), meta.index(), meta.id(), -1, -1,
                        "delete of single logs is not supported: logs are deleted by index (DELETE /{index}) or by retention"));
                case "update" -> {
                    i++; // its document line
                    actions.add(new Action(meta.kind(), meta.index(), meta.id(), -1, -1,
                            "update is not supported: logs are not changed once stored"));
                }
                default -> throw new IllegalStateException(meta.kind()); // meta() refuses other kinds
            }
        }
        if (actions.isEmpty()) {
            throw new InvalidRequestException("the bulk body holds no action: send an action line and a document line per log (NDJSON)");
        }
        return actions;
    }

    private static Meta meta(byte[] body, int from, int to, int number, String pathIndex) {
        if (!Utf8.isValid(body, from, to)) {
            throw new InvalidRequestException("Malformed action/metadata line [" + number + "], it is not valid UTF-8");
        }
        JsonObject action = object(new String(body, from, to - from, StandardCharsets.UTF_8).strip(), number);
        if (action.size() != 1) {
            throw new InvalidRequestException("Malformed action/metadata line [" + number
                    + "], expected one field (index, create, delete or update) but found " + action.size());
        }
        String kind = action.keySet().iterator().next();
        if (!(action.get(kind) instanceof JsonObject meta)) {
            throw new InvalidRequestException("Malformed action/metadata line [" + number + "], expected an object under ["
                    + kind + "]");
        }
        if (!List.of("index", "create", "delete", "update").contains(kind)) {
            throw new InvalidRequestException("Malformed action/metadata line [" + number
                    + "], expected one of [create, delete, index, update] but found [" + kind + "]");
        }
        return new Meta(kind, text(meta.get("_index"), pathIndex), text(meta.get("_id"), null));
    }

    private static JsonObject object(String line, int number) {
        try (JsonReader reader = JSON.createReader(new StringReader(line))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Malformed action/metadata line [" + number + "], expected a JSON object: "
                    + e.getMessage());
        }
    }

    /** A string or number field as text ({@code _id: 7} is allowed); {@code absent} when missing or null. */
    private static String text(JsonValue value, String absent) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.toString();
        }
        return absent;
    }
}
