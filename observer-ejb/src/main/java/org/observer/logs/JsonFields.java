package org.observer.logs;

import jakarta.json.stream.JsonParser;
import org.observer.analysis.FieldValue;
import org.observer.logs.JsonFields;
import org.observer.logs.JsonParsers;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Flattens a JSON object into the field values that get indexed: nested objects become dotted
 * names ({@code user.name}), each element of an array is one more value of the array's field, and
 * numbers and booleans are indexed by their JSON text. Streams, building no object tree.
 */
public final class JsonFields {

    /** An open object or array: the dotted name its members get, and whether it is an array. */
    private record Container(String name, boolean array) {
    }

    private JsonFields() {
    }

    /** The field holding a log's time, indexed as the time column rather than as terms. */
    public static final String TIME_FIELD = "@timestamp";

    /**
     * The fields a log is indexed with: all of them but {@value #TIME_FIELD}, which is searched
     * with from/to through the time column (as terms it would add a unique dictionary entry per
     * log and find nothing useful). Also what phrase verification reads back from a stored log.
     */
    public static List<FieldValue> indexed(byte[] json) {
        List<FieldValue> fields = flatten(json);
        fields.removeIf(field -> field.name().equals(TIME_FIELD));
        return fields;
    }

    public static List<FieldValue> flatten(byte[] json) {
        List<FieldValue> values = new ArrayList<>();
        Deque<Container> open = new ArrayDeque<>();
        String key = "";
        try (JsonParser parser = JsonParsers.FACTORY.createParser(new ByteArrayInputStream(json), StandardCharsets.UTF_8)) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case KEY_NAME -> key = parser.getString();
                    case START_OBJECT, START_ARRAY -> {
                        String name = open.isEmpty() ? "" : memberName(open.peek(), key);
                        open.push(new Container(name, event == JsonParser.Event.START_ARRAY));
                    }
                    case END_OBJECT, END_ARRAY -> open.pop();
                    case VALUE_STRING, VALUE_NUMBER, VALUE_TRUE, VALUE_FALSE -> {
                        if (!open.isEmpty()) { // a bare value outside any object names no field
                            values.add(new FieldValue(memberName(open.peek(), key), text(event, parser)));
                        }
                    }
                    default -> {
                        // VALUE_NULL: nothing to index
                    }
                }
            }
        }
        return values;
    }

    private static String text(JsonParser.Event event, JsonParser parser) {
        return switch (event) {
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            default -> parser.getString();
        };
    }

    private static String memberName(Container container, String key) {
        if (container.array()) {
            return container.name();
        }
        return container.name().isEmpty() ? key : container.name() + "." + key;
    }
}
