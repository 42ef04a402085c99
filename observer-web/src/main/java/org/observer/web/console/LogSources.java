package org.observer.web.console;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Turns a hit's source JSON into what the console shows: a one-line summary and a pretty form. */
final class LogSources {

    /** One provider: {@code Json.create…} looks it up through the ServiceLoader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Fields that conventionally hold a log's human-readable line, in order of preference. */
    private static final List<String> MESSAGE_FIELDS = List.of("message", "msg", "log");

    private static final JsonWriterFactory COMPACT = JSON.createWriterFactory(Map.of());
    private static final JsonWriterFactory PRETTY = JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private LogSources() {
    }

    /** What a hit's row shows, and the field it came from (null when it is the whole object). */
    record Line(String field, String text) {
    }

    /** The log's message if it has one, else the whole object as compact JSON. */
    static String summary(String source) {
        return line(source).text();
    }

    /** The log's message with its field name (so its highlights can be found), else the compact JSON. */
    static Line line(String source) {
        JsonObject json = parse(source);
        if (json == null) {
            return new Line(null, source);
        }
        for (String field : MESSAGE_FIELDS) {
            if (json.get(field) instanceof JsonString message && !message.getString().isBlank()) {
                return new Line(field, message.getString());
            }
        }
        return new Line(null, write(COMPACT, json));
    }

    /** The source indented for reading; unchanged if it does not parse. */
    static String pretty(String source) {
        JsonObject json = parse(source);
        return json == null ? source : write(PRETTY, json).strip();
    }

    private static JsonObject parse(String source) {
        try (JsonReader reader = JSON.createReader(new StringReader(source))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return null; // sources were validated on ingest; show the raw text rather than nothing
        }
    }

    private static String write(JsonWriterFactory factory, JsonValue json) {
        StringWriter out = new StringWriter(256);
        try (JsonWriter writer = factory.createWriter(out)) {
            writer.write(json);
        }
        return out.toString();
    }
}
