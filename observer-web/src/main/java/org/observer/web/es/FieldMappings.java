package org.observer.web.es;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.observer.analysis.FieldTypes;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An index's fields in Elasticsearch's types, derived from the logs it holds (no mapping is ever
 * declared here): {@code date} for the log's time and ISO-8601 values, {@code long} and
 * {@code double} for numbers, {@code boolean}, and for strings what the engine makes of them —
 * {@code keyword} when indexed whole, {@code text} when analyzed (see {@link FieldTypes}). A field
 * seen with several kinds of value is a {@code keyword}, as the engine indexes it.
 */
final class FieldMappings {

    /** How many of an index's newest logs are read to find its fields. */
    static final int SAMPLE = 500;

    private static final Set<String> TIME_FIELDS = Set.of("@timestamp", "timestamp", "time");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}.*)?");

    private final FieldTypes engine;
    /** Dotted field name to type, in name order. */
    private final Map<String, String> types = new TreeMap<>();

    FieldMappings(FieldTypes engine) {
        this.engine = engine;
    }

    /** Adds the fields of one log. */
    void add(JsonObject source) {
        for (Map.Entry<String, List<JsonValue>> field : SourceFields.flatten(source).entrySet()) {
            for (JsonValue value : field.getValue()) {
                String type = typeOf(field.getKey(), value);
                types.merge(field.getKey(), type, FieldMappings::merge);
            }
        }
    }

    /** Every field by dotted name with its type; the log's time is always there. */
    Map<String, String> types() {
        Map<String, String> all = new TreeMap<>(types);
        all.putIfAbsent("@timestamp", "date");
        return all;
    }

    /** {@code properties} as in a mapping: dotted names nested as objects. */
    void writeProperties(JsonOut json) {
        Map<String, Object> tree = new TreeMap<>();
        for (Map.Entry<String, String> field : types().entrySet()) {
            insert(tree, field.getKey().split("\\."), 0, field.getValue());
        }
        json.writeStartObject("properties");
        writeTree(json, tree);
        json.writeEnd();
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> tree, String[] path, int at, String type) {
        String name = path[at];
        if (at == path.length - 1) {
            if (!(tree.get(name) instanceof Map)) {
                tree.put(name, type);
            }
            return;
        }
        Object node = tree.get(name);
        if (!(node instanceof Map)) {
            node = new TreeMap<String, Object>();
            tree.put(name, node); // an object wins over a leaf of the same name (a.b and a both seen)
        }
        insert((Map<String, Object>) node, path, at + 1, type);
    }

    @SuppressWarnings("unchecked")
    private static void writeTree(JsonOut json, Map<String, Object> tree) {
        for (Map.Entry<String, Object> node : tree.entrySet()) {
            json.writeStartObject(node.getKey());
            if (node.getValue() instanceof Map<?, ?> inner) {
                json.writeStartObject("properties");
                writeTree(json, (Map<String, Object>) inner);
                json.writeEnd();
            } else {
                json.write("type", (String) node.getValue());
            }
            json.writeEnd();
        }
    }

    private String typeOf(String field, JsonValue value) {
        if (value instanceof JsonNumber n) {
            return n.isIntegral() ? "long" : "double";
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return "boolean";
        }
        String text = value instanceof JsonString s ? s.getString() : value.toString();
        if (TIME_FIELDS.contains(field) || ISO_DATE.matcher(text).matches()) {
            return "date";
        }
        return engine.isKeyword(field, text) ? "keyword" : "text";
    }

    private static String merge(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (Set.of(a, b).equals(Set.of("long", "double"))) {
            return "double";
        }
        if (Set.of(a, b).equals(Set.of("keyword", "text")) || (a.equals("text") || b.equals("text"))) {
            return "text"; // some values analyzed: searchable by word, not aggregatable whole
        }
        return "keyword";
    }
}
