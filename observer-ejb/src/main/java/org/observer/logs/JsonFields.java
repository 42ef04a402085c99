package org.observer.logs;

import org.observer.analysis.FieldValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Flattens a JSON object into the field values that get indexed: nested objects become dotted
 * names ({@code user.name}), each element of an array is one more value of the array's field, and
 * numbers and booleans are indexed by their JSON text. Reads the UTF-8 bytes directly, building
 * no object tree: on the processor's path a JSON-P parser per record (a reader, a decoder and a
 * pooled buffer each) cost as much as indexing the record.
 *
 * <p>Strict JSON (RFC 8259), as the JSON-P parser read it before: anything else throws an
 * {@link IllegalArgumentException}, so a record that is not JSON is skipped, not half indexed.
 */
public final class JsonFields {

    /** The field holding a log's time, indexed as the time column rather than as terms. */
    public static final String TIME_FIELD = "@timestamp";

    /** Nesting the JSON-P parser refused past; kept so that the same records are refused. */
    private static final int MAX_DEPTH = 1000;

    private JsonFields() {
    }

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

    /** @throws IllegalArgumentException if {@code json} is not one JSON value */
    public static List<FieldValue> flatten(byte[] json) {
        return new Flattener(json).read();
    }

    /** An open object or array: the dotted name its members get, and whether it is an array. */
    private record Container(String name, boolean array) {
    }

    /** One pass over one document. */
    private static final class Flattener {

        private final byte[] in;
        private int pos;
        private final List<FieldValue> values = new ArrayList<>();
        private final Deque<Container> open = new ArrayDeque<>();

        Flattener(byte[] in) {
            this.in = in;
        }

        List<FieldValue> read() {
            String name = "";
            while (true) {
                skipSpace();
                // a value named `name`: containers open, scalars become values
                byte c = next("a value");
                switch (c) {
                    case '{' -> {
                        push(name, false);
                        skipSpace();
                        if (peek() == '}') {
                            pos++;
                            open.pop();
                        } else {
                            name = member();
                            continue;
                        }
                    }
                    case '[' -> {
                        push(name, true);
                        skipSpace();
                        if (peek() == ']') {
                            pos++;
                            open.pop();
                        } else {
                            continue;
                        }
                    }
                    case '"' -> add(name, string());
                    case 't' -> add(name, literal("true"));
                    case 'f' -> add(name, literal("false"));
                    case 'n' -> literal("null"); // nothing to index
                    default -> {
                        if (c == '-' || (c >= '0' && c <= '9')) {
                            pos--;
                            add(name, number());
                        } else {
                            throw unexpected(c, pos - 1);
                        }
                    }
                }
                // after a value: the next member or element, or the end of containers
                while (true) {
                    skipSpace();
                    if (open.isEmpty()) {
                        if (pos != in.length) {
                            throw unexpected(in[pos], pos);
                        }
                        return values;
                    }
                    Container top = open.peek();
                    byte after = next(top.array() ? "',' or ']'" : "',' or '}'");
                    if (after == ',') {
                        name = top.array() ? top.name() : member();
                        break;
                    }
                    if (after != (top.array() ? ']' : '}')) {
                        throw unexpected(after, pos - 1);
                    }
                    open.pop();
                }
            }
        }

        private void push(String name, boolean array) {
            if (open.size() >= MAX_DEPTH) {
                throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH);
            }
            open.push(new Container(name, array));
        }

        private void add(String name, String value) {
            if (!open.isEmpty()) { // a bare value outside any object names no field
                values.add(new FieldValue(name, value));
            }
        }

        /** Reads {@code "key":} inside the open object; the dotted name its value gets. */
        private String member() {
            skipSpace();
            byte quote = next("a field name");
            if (quote != '"') {
                throw unexpected(quote, pos - 1);
            }
            String key = string();
            skipSpace();
            byte colon = next("':'");
            if (colon != ':') {
                throw unexpected(colon, pos - 1);
            }
            String parent = open.peek().name();
            return parent.isEmpty() ? key : parent + "." + key;
        }

        /** The string whose opening quote was just read. */
        private String string() {
            int start = pos;
            while (pos < in.length) {
                byte b = in[pos];
                if (b == '"') {
                    return new String(in, start, pos++ - start, StandardCharsets.UTF_8);
                }
                if (b == '\\') {
                    return escapedString(start);
                }
                if (b >= 0 && b < 0x20) {
                    throw unexpected(b, pos);
                }
                pos++;
            }
            throw endOfInput("the end of a string");
        }

        /** The rest of a string with escapes; {@code pos} is at its first backslash. */
        private String escapedString(int start) {
            StringBuilder out = new StringBuilder(pos - start + 16);
            int run = start; // start of the bytes not yet appended
            while (pos < in.length) {
                byte b = in[pos];
                if (b == '"') {
                    out.append(new String(in, run, pos++ - run, StandardCharsets.UTF_8));
                    return out.toString();
                }
                if (b >= 0 && b < 0x20) {
                    throw unexpected(b, pos);
                }
                if (b != '\\') {
                    pos++;
                    continue;
                }
                out.append(new String(in, run, pos - run, StandardCharsets.UTF_8));
                pos++;
                byte escape = next("an escape");
                switch (escape) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        int c = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = Character.digit(next("a hex digit"), 16);
                            if (digit < 0) {
                                throw unexpected(in[pos - 1], pos - 1);
                            }
                            c = c * 16 + digit;
                        }
                        out.append((char) c);
                    }
                    default -> throw unexpected(escape, pos - 1);
                }
                run = pos;
            }
            throw endOfInput("the end of a string");
        }

        /** A number's JSON text, checked against the grammar: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
        private String number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else {
                digits();
            }
            if (peek() == '.') {
                pos++;
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                digits();
            }
            return new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        }

        private void digits() {
            int start = pos;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
            if (pos == start) {
                if (pos == in.length) {
                    throw endOfInput("a digit");
                }
                throw unexpected(in[pos], pos);
            }
        }

        /** {@code word}, whose first letter was just read. */
        private String literal(String word) {
            for (int i = 1; i < word.length(); i++) {
                byte b = next("'" + word + "'");
                if (b != word.charAt(i)) {
                    throw unexpected(b, pos - 1);
                }
            }
            return word;
        }

        private void skipSpace() {
            while (pos < in.length && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
                pos++;
            }
        }

        /** The next byte, or 0 at the end (which no caller takes for what it looks for). */
        private byte peek() {
            return pos < in.length ? in[pos] : 0;
        }

        private byte next(String expected) {
            if (pos >= in.length) {
                throw endOfInput(expected);
            }
            return in[pos++];
        }

        private static IllegalArgumentException unexpected(byte b, int at) {
            return new IllegalArgumentException("not JSON: unexpected " + (b >= 0x20 && b < 0x7f ? "'" + (char) b + "'"
                    : "byte 0x" + Integer.toHexString(b & 0xff)) + " at byte " + at);
        }

        private IllegalArgumentException endOfInput(String expected) {
            return new IllegalArgumentException("not JSON: it ends at byte " + pos + " where " + expected + " was expected");
        }
    }
}
