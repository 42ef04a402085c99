package org.observer.web.es;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * The streaming JSON writer of the Elasticsearch answers (Jackson's generator), chainable like
 * {@code jakarta.json.stream.JsonGenerator}, and able to embed a hit's stored source as it is
 * ({@link #writeRaw}): the source is valid JSON already (checked when it was ingested), so a page
 * of hits is not parsed again to be written.
 */
final class JsonOut implements AutoCloseable {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonGenerator out;

    JsonOut(Writer writer) {
        try {
            out = FACTORY.createGenerator(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private JsonOut step(Step step) {
        try {
            step.run();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonOut writeStartObject() {
        return step(out::writeStartObject);
    }

    JsonOut writeStartObject(String name) {
        return step(() -> {
            out.writeFieldName(name);
            out.writeStartObject();
        });
    }

    JsonOut writeStartArray() {
        return step(out::writeStartArray);
    }

    JsonOut writeStartArray(String name) {
        return step(() -> {
            out.writeFieldName(name);
            out.writeStartArray();
        });
    }

    /** Ends the innermost object or array. */
    JsonOut writeEnd() {
        return step(() -> {
            if (out.getOutputContext().inArray()) {
                out.writeEndArray();
            } else {
                out.writeEndObject();
            }
        });
    }

    JsonOut write(String name, String value) {
        return step(() -> out.writeStringField(name, value));
    }

    JsonOut write(String name, long value) {
        return step(() -> out.writeNumberField(name, value));
    }

    JsonOut write(String name, int value) {
        return step(() -> out.writeNumberField(name, value));
    }

    JsonOut write(String name, double value) {
        return step(() -> out.writeNumberField(name, value));
    }

    JsonOut write(String name, boolean value) {
        return step(() -> out.writeBooleanField(name, value));
    }

    JsonOut write(String name, JsonValue value) {
        return step(() -> {
            out.writeFieldName(name);
            value(value);
        });
    }

    JsonOut writeNull(String name) {
        return step(() -> out.writeNullField(name));
    }

    /** An array's next value. */
    JsonOut write(String value) {
        return step(() -> out.writeString(value));
    }

    JsonOut write(long value) {
        return step(() -> out.writeNumber(value));
    }

    JsonOut write(JsonValue value) {
        return step(() -> value(value));
    }

    /** A member whose value is {@code json}, already valid JSON text, written as it is. */
    JsonOut writeRaw(String name, String json) {
        return step(() -> {
            out.writeFieldName(name);
            out.writeRawValue(json);
        });
    }

    private void value(JsonValue value) throws IOException {
        switch (value.getValueType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
                    out.writeFieldName(e.getKey());
                    value(e.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonValue item : (JsonArray) value) {
                    value(item);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(((JsonString) value).getString());
            case NUMBER -> {
                JsonNumber n = (JsonNumber) value;
                if (n.isIntegral()) {
                    out.writeNumber(n.bigIntegerValue());
                } else {
                    out.writeNumber(n.bigDecimalValue());
                }
            }
            case TRUE -> out.writeBoolean(true);
            case FALSE -> out.writeBoolean(false);
            case NULL -> out.writeNull();
        }
    }

    @Override
    public void close() {
        step(out::close);
    }
}
