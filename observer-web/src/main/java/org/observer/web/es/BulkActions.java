package org.observer.web.es;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.observer.api.InvalidRequestException;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * An Elasticsearch {@code _bulk} body read into its actions: pairs of an action line and a
 * document line. A body that is not pairs of lines is the client's mistake as a whole (400, as
 * Elasticsearch answers); an action this engine does not do is refused alone, in its item.
 */
final class BulkActions {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /**
     * One action: {@code kind} (index, create, delete, update), its index (from the action or the
     * path; null if neither names one) and {@code _id} (null if none), the document's line, and
     * why it cannot be done, or null.
     */
    record Action(String kind, String index, String id, String source, String refusal) {
    }

    private BulkActions() {
    }

    static List<Action> parse(String ndjson, String pathIndex) {
        return parse(List.of(ndjson.split("\n", -1)), pathIndex);
    }

    /** @param lines the body's lines; null for a line that is not valid UTF-8 (a document line so is refused alone) */
    static List<Action> parse(List<String> lines, String pathIndex) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < lines.size(); ) {
            int number = i + 1;
            if (lines.get(i) == null) {
                throw new InvalidRequestException("Malformed action/metadata line [" + number + "], it is not valid UTF-8");
            }
            String line = lines.get(i++).strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonObject action = object(line, number);
            if (action.size() != 1) {
                throw new InvalidRequestException("Malformed action/metadata line [" + number
                        + "], expected one field (index, create, delete or update) but found " + action.size());
            }
            String kind = action.keySet().iterator().next();
            if (!(action.get(kind) instanceof JsonObject meta)) {
                throw new InvalidRequestException("Malformed action/metadata line [" + number + "], expected an object under ["
                        + kind + "]");
            }
            String index = text(meta.get("_index"), pathIndex);
            String id = text(meta.get("_id"), null);
            switch (kind) {
                case "index", "create" -> {
                    if (i >= lines.size() || (lines.get(i) != null && lines.get(i).isBlank())) {
                        throw new InvalidRequestException("the " + kind + " action on line " + number
                                + " has no document on the next line");
                    }
                    String source = lines.get(i++);
                    actions.add(new Action(kind, index, id, source == null ? null : source.strip(), source == null
                            ? "the document on line " + i + " is not valid UTF-8"
                            : index == null ? "no index: name it in the action's _index or in the path (/{index}/_bulk)" : null));
                }
                case "delete" -> actions.add(new Action(kind, index, id, null,
                        "delete of single logs is not supported: logs are deleted by index (DELETE /{index}) or by retention"));
                case "update" -> {
                    i++; // its document line
                    actions.add(new Action(kind, index, id, null, "update is not supported: logs are not changed once stored"));
                }
                default -> throw new InvalidRequestException("Malformed action/metadata line [" + number
                        + "], expected one of [create, delete, index, update] but found [" + kind + "]");
            }
        }
        if (actions.isEmpty()) {
            throw new InvalidRequestException("the bulk body holds no action: send an action line and a document line per log (NDJSON)");
        }
        return actions;
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
