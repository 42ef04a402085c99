package org.observer.logs;

import org.junit.jupiter.api.Test;
import org.observer.analysis.FieldValue;

import jakarta.json.stream.JsonParser;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonFieldsTest {

    @Test
    void aBareValueOutsideAnyObjectNamesNoField() {
        // never stored (logs are objects), but a damaged stored record may read back as one
        for (String json : new String[] {"5", "\"text\"", "true", "null"}) {
            assertTrue(JsonFields.flatten(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEmpty(), json);
        }
    }

    @Test
    void flattensNestedObjectsAndArraysIntoDottedFields() {
        String json = "{\"message\":\"hi\",\"user\":{\"name\":\"alice\",\"roles\":[\"admin\",\"ops\"]},"
                + "\"tags\":[{\"k\":\"a\"},{\"k\":\"b\"}],\"n\":1.5e3,\"ok\":true,\"off\":false,\"none\":null,"
                + "\"matrix\":[[1,2],[3]]}";
        assertEquals(List.of(
                new FieldValue("message", "hi"),
                new FieldValue("user.name", "alice"),
                new FieldValue("user.roles", "admin"),
                new FieldValue("user.roles", "ops"),
                new FieldValue("tags.k", "a"),
                new FieldValue("tags.k", "b"),
                new FieldValue("n", "1.5e3"),
                new FieldValue("ok", "true"),
                new FieldValue("off", "false"),
                new FieldValue("matrix", "1"),
                new FieldValue("matrix", "2"),
                new FieldValue("matrix", "3")),
                JsonFields.flatten(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void valuesWithoutEscapesAreKnownByTheirPlaceInTheLog() {
        String log = "{\"msg\":\"Disk full\",\"q\":\"say \\\"hi\\\"\",\"n\":-1.5,\"ok\":true,\"u\":\"größe\"}";
        byte[] group = ("[]" + log + "{}").getBytes(StandardCharsets.UTF_8);
        int from = 2;
        int to = group.length - 2;
        List<FieldValue> fields = JsonFields.indexed(group, from, to);
        assertEquals(List.of(new FieldValue("msg", "Disk full"), new FieldValue("q", "say \"hi\""),
                new FieldValue("n", "-1.5"), new FieldValue("ok", "true"), new FieldValue("u", "größe")), fields);
        for (FieldValue field : fields) {
            if (field.name().equals("q")) {
                assertEquals(-1, field.sourceAt(), "escapes: the value is not the log's bytes");
                continue;
            }
            assertEquals(field.value(), new String(group, from + field.sourceAt(), field.sourceLength(), StandardCharsets.UTF_8));
            assertEquals(!field.name().equals("u"), field.asciiBytes() != null, field.name());
        }
    }

    /**
     * The byte reader agrees with a JSON-P parser (what flattened records before it) on valid JSON
     * and on near misses: the same fields, or both refuse.
     */
    @Test
    void readsAsTheJsonPParserDid() {
        Random random = new Random(11);
        String[] pieces = {"{", "}", "[", "]", ",", ":", "\"k\"", "\"a.b\"", "\"v\\\"q\\\\\"", "\"\\u00e9\\ud83d\\ude00\\/\"",
                "\"é ü 日本\"", "0", "-0", "12", "-1.5e3", "1E+2", "01", "1.", ".5", "-", "1e", "true", "false", "null",
                "tru", "nul", " ", "\n", "\t", "\"\\x\"", "\"\u0001\"", "\"open", "\\", "x", "\"\\u12\""};
        int compared = 0;
        for (int i = 0; i < 100_000; i++) {
            String json;
            if (i % 2 == 0) {
                json = validDocument(random, 0);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int k = random.nextInt(12); k >= 0; k--) {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
                json = sb.toString();
            }
            if (random.nextInt(4) == 0 && !json.isEmpty()) { // damage a valid one
                StringBuilder sb = new StringBuilder(json);
                sb.insert(random.nextInt(sb.length()), pieces[random.nextInt(pieces.length)]);
                json = sb.toString();
            }
            Object expected = jsonPVerdict(json);
            assertEquals(expected, ourVerdict(json), json);
            compared += expected instanceof List ? 1 : 0;
        }
        assertTrue(compared > 40_000, compared + " documents were JSON");
    }

    /**
     * Strings are passed over eight bytes at a time: a quote, a backslash, a control character or
     * a byte beyond ASCII is seen at every place of a long string, as the JSON-P parser sees it.
     */
    @Test
    void seesEveryKindOfByteAtEveryPlaceOfALongString() {
        String[] specials = {"\"", "\\\"", "\\n", "\\u00e9", "\u0001", "\u001f", "é", "日", "😀", "\u007f", " ", "\\"};
        for (String special : specials) {
            for (int at = 0; at <= 40; at++) {
                String value = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
                String json = "{\"k\":\"" + value.substring(0, at) + special + value.substring(at) + "\",\"n\":1}";
                assertEquals(jsonPVerdict(json), ourVerdict(json), json);
            }
        }
    }

    /** The JSON-P parser's flattened fields of {@code json}, or "refused". */
    private static Object jsonPVerdict(String json) {
        try {
            return jsonPFlatten(json.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return "refused";
        }
    }

    /** {@link JsonFields#flatten}'s fields of {@code json}, or "refused". */
    private static Object ourVerdict(String json) {
        try {
            return JsonFields.flatten(json.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return "refused";
        }
    }

    @Test
    void refusesNestingTheJsonPParserRefused() {
        String deep = "[".repeat(1000) + "1" + "]".repeat(1000);
        assertEquals(List.of(), JsonFields.flatten(("{\"a\":" + "[".repeat(999) + "]".repeat(999) + "}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, JsonFields.flatten(deep.getBytes(StandardCharsets.UTF_8)).size());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JsonFields.flatten(("[" + deep + "]").getBytes(StandardCharsets.UTF_8)));
    }

    private static String validDocument(Random random, int depth) {
        StringBuilder sb = new StringBuilder("{");
        for (int k = random.nextInt(5); k >= 0; k--) {
            sb.append(k == 0 && sb.length() == 1 ? "" : sb.length() > 1 ? "," : "");
            sb.append('"').append(new String[] {"message", "level", "user", "@timestamp", "a\\u0041", "日"}[random.nextInt(6)])
                    .append("\":").append(random.nextInt(3) == 0 ? " " : "").append(validValue(random, depth));
        }
        return sb.append('}').toString();
    }

    private static String validValue(Random random, int depth) {
        return switch (random.nextInt(depth < 3 ? 8 : 6)) {
            case 0 -> "\"text " + random.nextInt(1000) + " \\\"quoted\\\" \\n \\t é\"";
            case 1 -> String.valueOf(random.nextGaussian() * 1e6);
            case 2 -> String.valueOf(random.nextInt());
            case 3 -> random.nextBoolean() ? "true" : "false";
            case 4 -> "null";
            case 5 -> "\"2025-07-10T12:00:00.123Z\"";
            case 6 -> validDocument(random, depth + 1);
            default -> "[" + validValue(random, depth + 1) + "," + validValue(random, depth + 1) + "]";
        };
    }

    private static final jakarta.json.stream.JsonParserFactory JSON_P = jakarta.json.Json.createParserFactory(java.util.Map.of());

    /** How fields were read before: Parsson's streaming parser. */
    private static List<FieldValue> jsonPFlatten(byte[] json) {
        record Container(String name, boolean array) {
        }
        List<FieldValue> values = new ArrayList<>();
        Deque<Container> open = new ArrayDeque<>();
        String key = "";
        try (JsonParser parser = JSON_P.createParser(new ByteArrayInputStream(json), StandardCharsets.UTF_8)) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case KEY_NAME -> key = parser.getString();
                    case START_OBJECT, START_ARRAY -> {
                        String name = open.isEmpty() ? "" : open.peek().array() ? open.peek().name()
                                : open.peek().name().isEmpty() ? key : open.peek().name() + "." + key;
                        open.push(new Container(name, event == JsonParser.Event.START_ARRAY));
                    }
                    case END_OBJECT, END_ARRAY -> open.pop();
                    case VALUE_STRING, VALUE_NUMBER, VALUE_TRUE, VALUE_FALSE -> {
                        if (!open.isEmpty()) {
                            String name = open.peek().array() ? open.peek().name()
                                    : open.peek().name().isEmpty() ? key : open.peek().name() + "." + key;
                            values.add(new FieldValue(name, event == JsonParser.Event.VALUE_TRUE ? "true"
                                    : event == JsonParser.Event.VALUE_FALSE ? "false" : parser.getString()));
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return values;
    }
}
