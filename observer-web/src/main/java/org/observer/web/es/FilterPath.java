package org.observer.web.es;

import org.observer.api.Glob;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code filter_path}: only the parts of an answer the client names (Beats and
 * Logstash ask a bulk answer for {@code errors,items.*.error,items.*.status}). Paths are dotted;
 * {@code *} matches within a key, {@code **} any number of keys; arrays are walked through; a
 * {@code -} path removes instead. Objects left empty are dropped.
 */
final class FilterPath {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final List<List<Glob>> includes = new ArrayList<>();
    private final List<List<Glob>> excludes = new ArrayList<>();

    private FilterPath() {
    }

    static FilterPath of(String expression) {
        FilterPath filter = new FilterPath();
        for (String part : expression.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            boolean exclude = p.startsWith("-");
            List<Glob> keys = new ArrayList<>();
            for (String key : (exclude ? p.substring(1) : p).split("\\.")) {
                keys.add(key.equals("**") ? ANY_DEPTH : new Glob(key));
            }
            (exclude ? filter.excludes : filter.includes).add(keys);
        }
        return filter;
    }

    /** The JSON text with only what the paths keep ({@code {}} if nothing). */
    String apply(String json) {
        JsonValue value;
        try (var reader = JSON.createReader(new StringReader(json))) {
            value = reader.readValue();
        }
        JsonValue kept = filter(value, includes.isEmpty() ? List.of(List.of(ANY_DEPTH)) : includes, excludes);
        return kept == null ? "{}" : kept.toString();
    }

    /** Where a writer starts: the top of the answer. */
    Node root() {
        return new Node(includes.isEmpty() ? List.of(List.of(ANY_DEPTH)) : includes, excludes);
    }

    /**
     * What the paths keep at one place of an answer, for a writer that filters as it writes
     * ({@link FilteredJson}) instead of reading its own answer back; what each key below keeps is
     * worked out once.
     */
    static final class Node {

        private final List<List<Glob>> include;
        private final List<List<Glob>> exclude;
        private final Map<String, Node> below = new java.util.HashMap<>();

        private Node(List<List<Glob>> include, List<List<Glob>> exclude) {
            this.include = include;
            this.exclude = exclude;
        }

        /** All of what is here is kept. */
        boolean keepsAll() {
            return include.stream().anyMatch(List::isEmpty) && exclude.isEmpty();
        }

        /** Nothing here is kept. */
        boolean keepsNothing() {
            return include.isEmpty() || exclude.stream().anyMatch(List::isEmpty);
        }

        /** A value that is not an object or an array, here, is kept. */
        boolean keepsValue() {
            return !keepsNothing() && include.stream().anyMatch(List::isEmpty);
        }

        /** The place under {@code key} (an array's items are at the array's place). */
        Node below(String key) {
            Node node = below.get(key);
            if (node == null) {
                node = new Node(descend(include, key), descend(exclude, key));
                below.put(key, node);
            }
            return node;
        }
    }

    /** {@code **}, told apart by identity (with only exclusions given, everything is included). */
    private static final Glob ANY_DEPTH = new Glob("**");

    /**
     * The part of {@code value} kept by the remaining {@code include} paths and not removed by the
     * remaining {@code exclude} paths, or null if nothing is kept.
     */
    private static JsonValue filter(JsonValue value, List<List<Glob>> include, List<List<Glob>> exclude) {
        if (include.stream().anyMatch(List::isEmpty) && exclude.isEmpty()) {
            return value; // a path ended here: all of it
        }
        if (exclude.stream().anyMatch(List::isEmpty)) {
            return null;
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder kept = JSON.createArrayBuilder();
            int n = 0;
            for (JsonValue item : array) {
                JsonValue k = filter(item, include, exclude);
                if (k != null) {
                    kept.add(k);
                    n++;
                }
            }
            return n == 0 ? null : kept.build();
        }
        if (!(value instanceof JsonObject object)) {
            return include.stream().anyMatch(List::isEmpty) ? value : null;
        }
        JsonObjectBuilder kept = JSON.createObjectBuilder();
        int n = 0;
        for (Map.Entry<String, JsonValue> e : object.entrySet()) {
            List<List<Glob>> in = descend(include, e.getKey());
            if (in.isEmpty()) {
                continue;
            }
            JsonValue k = filter(e.getValue(), in, descend(exclude, e.getKey()));
            if (k != null) {
                kept.add(e.getKey(), k);
                n++;
            }
        }
        return n == 0 ? null : kept.build();
    }

    /** What is left of each path below {@code key}: {@code **} both stays and is consumed. */
    private static List<List<Glob>> descend(List<List<Glob>> paths, String key) {
        List<List<Glob>> left = new ArrayList<>();
        for (List<Glob> path : paths) {
            if (path.isEmpty()) {
                left.add(path); // a path that ended above keeps all below (but what an exclusion removes)
                continue;
            }
            Glob head = path.get(0);
            if (head == ANY_DEPTH) {
                left.add(path); // ** may match more keys
                List<Glob> rest = path.subList(1, path.size());
                if (!rest.isEmpty() && rest.get(0) != ANY_DEPTH && rest.get(0).matches(key)) {
                    left.add(rest.subList(1, rest.size()));
                } else if (rest.isEmpty()) {
                    left.add(rest);
                }
            } else if (head.matches(key)) {
                left.add(path.subList(1, path.size()));
            }
        }
        return left;
    }
}
