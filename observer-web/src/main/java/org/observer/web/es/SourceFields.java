package org.observer.web.es;

import org.observer.api.Glob;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.observer.api.InvalidRequestException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hit's {@code _source} as Elasticsearch shapes it on request: {@code _source} filtering by
 * dotted paths with {@code *} wildcards ({@code includes}/{@code excludes}), and the flat
 * {@code fields} view (each leaf by its dotted name, its values as an array) that
 * {@code fields} and {@code docvalue_fields} ask for.
 */
final class SourceFields {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Keeps the whole source. */
    static final SourceFields ALL = new SourceFields(List.of(), List.of());

    private final List<Glob> includes;
    private final List<Glob> excludes;

    private SourceFields(List<Glob> includes, List<Glob> excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    /**
     * Elasticsearch's {@code _source} option: true, false (null: no source), a pattern, an array of
     * patterns, or {@code {"includes": [...], "excludes": [...]}}.
     */
    static SourceFields of(JsonValue option) {
        if (option == null || option == JsonValue.NULL || option == JsonValue.TRUE) {
            return ALL;
        }
        if (option == JsonValue.FALSE) {
            return null;
        }
        if (option instanceof JsonString || option instanceof JsonArray) {
            return new SourceFields(patterns("_source", option), List.of());
        }
        if (option instanceof JsonObject o) {
            for (String key : o.keySet()) {
                if (!key.equals("includes") && !key.equals("excludes") && !key.equals("include") && !key.equals("exclude")) {
                    throw new InvalidRequestException("_source [" + key + "] is not supported: use includes and excludes");
                }
            }
            return new SourceFields(patterns("_source.includes", o.containsKey("includes") ? o.get("includes") : o.get("include")),
                    patterns("_source.excludes", o.containsKey("excludes") ? o.get("excludes") : o.get("exclude")));
        }
        throw new InvalidRequestException("_source must be true, false, a field pattern, an array of them, or"
                + " {\"includes\": [...], \"excludes\": [...]}");
    }

    /** The patterns of a {@code fields} or {@code docvalue_fields} list: names or {@code {"field": name}}. */
    static SourceFields ofFieldList(String option, JsonValue list) {
        if (!(list instanceof JsonArray array)) {
            throw new InvalidRequestException("[" + option + "] must be an array of fields");
        }
        List<Glob> patterns = new ArrayList<>();
        for (JsonValue item : array) {
            if (item instanceof JsonString s) {
                patterns.add(pattern(s.getString()));
            } else if (item instanceof JsonObject o && o.get("field") instanceof JsonString f) {
                patterns.add(pattern(f.getString()));
            } else {
                throw new InvalidRequestException("[" + option + "] items are field names or {\"field\": name}, not " + item);
            }
        }
        return new SourceFields(patterns, List.of());
    }

    /** These patterns and {@code other}'s. */
    SourceFields and(SourceFields other) {
        List<Glob> in = new ArrayList<>(includes);
        in.addAll(other.includes);
        return new SourceFields(in, excludes);
    }

    /** Whether a field of this dotted name is asked for. */
    boolean matches(String name) {
        return (includes.isEmpty() || matches(includes, name)) && !matches(excludes, name);
    }

    boolean keepsAll() {
        return includes.isEmpty() && excludes.isEmpty();
    }

    /** The source with only the paths kept (objects whose leaves are all dropped are dropped too). */
    JsonObject filter(JsonObject source) {
        return keepsAll() ? source : filter(source, "");
    }

    private JsonObject filter(JsonObject object, String prefix) {
        JsonObjectBuilder kept = JSON.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : object.entrySet()) {
            String path = prefix + e.getKey();
            if (matches(excludes, path)) {
                continue;
            }
            if (e.getValue() instanceof JsonObject inner && !matches(includes, path)) {
                JsonObject filtered = filter(inner, path + ".");
                if (!filtered.isEmpty()) {
                    kept.add(e.getKey(), filtered);
                }
            } else if (includes.isEmpty() || matches(includes, path)) {
                kept.add(e.getKey(), e.getValue());
            }
        }
        return kept.build();
    }

    /** The leaves whose dotted names match, each with its values as an array (an array's objects are walked too). */
    Map<String, List<JsonValue>> fields(JsonObject source) {
        Map<String, List<JsonValue>> flat = new LinkedHashMap<>();
        flatten(source, "", flat);
        flat.keySet().removeIf(name -> !matches(name));
        return flat;
    }

    /** Every leaf of {@code source} by dotted name, with its values. */
    static Map<String, List<JsonValue>> flatten(JsonObject source) {
        Map<String, List<JsonValue>> flat = new LinkedHashMap<>();
        flatten(source, "", flat);
        return flat;
    }

    private static void flatten(JsonValue value, String path, Map<String, List<JsonValue>> into) {
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> e : object.entrySet()) {
                flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), into);
            }
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                flatten(item, path, into);
            }
        } else if (value != JsonValue.NULL) {
            into.computeIfAbsent(path, k -> new ArrayList<>()).add(value);
        }
    }

    private static boolean matches(List<Glob> patterns, String path) {
        for (Glob p : patterns) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static List<Glob> patterns(String option, JsonValue value) {
        List<Glob> patterns = new ArrayList<>();
        if (value == null || value == JsonValue.NULL) {
            return patterns;
        }
        if (value instanceof JsonString s) {
            patterns.add(pattern(s.getString()));
        } else if (value instanceof JsonArray array) {
            for (JsonValue item : array) {
                if (!(item instanceof JsonString s)) {
                    throw new InvalidRequestException("[" + option + "] holds field patterns (strings), not " + item);
                }
                patterns.add(pattern(s.getString()));
            }
        } else {
            throw new InvalidRequestException("[" + option + "] must be a field pattern or an array of them");
        }
        return patterns;
    }

    /** A dotted path pattern: {@code *} matches any run of characters, dots included (as in Elasticsearch). */
    private static Glob pattern(String glob) {
        return new Glob(glob);
    }
}
