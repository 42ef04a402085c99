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
        return indexed(json, 0, json.length);
    }

    /**
     * {@link #indexed(byte[])} of the log at {@code json[from, to)} (a log among others, as a
     * group's record holds them); the values' {@link FieldValue#sourceAt() positions} count from
     * {@code from}.
     */
    public static List<FieldValue> indexed(byte[] json, int from, int to) {
        List<FieldValue> fields = new Flattener(json, from, to, MAX_DEPTH, Integer.MAX_VALUE, true, false, false).read();
        fields.removeIf(field -> field.name().equals(TIME_FIELD));
        return fields;
    }

    /**
     * {@link #indexed(byte[])} and, from the same pass, the time the log names at its top level
     * ({@code @timestamp}, {@code timestamp} or {@code time}, the first readable one), for a
     * record another producer wrote without this node's time header.
     *
     * @throws IllegalArgumentException if {@code json} is not one JSON value
     */
    public static IndexedLog indexedWithTime(byte[] json) {
        Flattener reader = new Flattener(json, 0, json.length, MAX_DEPTH, Integer.MAX_VALUE, true, false, true);
        List<FieldValue> fields = reader.read();
        fields.removeIf(field -> field.name().equals(TIME_FIELD));
        return new IndexedLog(fields, reader.times.timestamp(false).orElse(null));
    }

    /** A log's indexed fields and the time it names, null if it names none readable. */
    public record IndexedLog(List<FieldValue> fields, Long time) {
    }

    /** @throws IllegalArgumentException if {@code json} is not one JSON value */
    public static List<FieldValue> flatten(byte[] json) {
        return new Flattener(json, 0, json.length, MAX_DEPTH, Integer.MAX_VALUE, true, false, false).read();
    }

    /**
     * Checks posted logs in one pass over their bytes each, as the processor will read them, within
     * the limits, and says the time each names at its top level; also refuses bytes that are not
     * UTF-8 (as a {@link JsonRefusal.Kind#SYNTAX} error at the byte). Builds no String for what it
     * accepts unless a time field's value needs one. One checker serves many logs one after another
     * on one thread (the lines of a bulk): a reader per line was most of what a line allocated
     * besides its bytes.
     */
    static final class Checker {

        private final Flattener reader;

        /**
         * @param maxDepth  deepest nesting of objects and arrays (the log itself is depth 1)
         * @param maxFields most object members, nested ones counted
         */
        Checker(int maxDepth, int maxFields) {
            reader = new Flattener(null, 0, 0, maxDepth, maxFields, false, true, true);
        }

        /**
         * Checks the log at {@code json[from, to)}.
         *
         * @return the top-level time fields as read (strings, numbers, or "no time"), valid until the next check
         * @throws JsonRefusal saying what is wrong and where
         */
        TopLevelTimes check(byte[] json, int from, int to) {
            reader.reset(json, from, to).read();
            return reader.times;
        }
    }

    /** An open object or array: the dotted name its members get, and whether it is an array. */
    private record Container(String name, boolean array) {
        /** When only checking, names are not kept: these two serve every container. */
        static final Container OBJECT = new Container("", false);
        static final Container ARRAY = new Container("", true);
    }

    /** One pass over one document. */
    private static final class Flattener {

        private byte[] in;
        private int pos;
        /** Where the document starts and ends in {@code in}. */
        private int from;
        private int end;
        /** Set when a string passed by {@link #toQuoteOrBackslash()} held a byte beyond ASCII. */
        private boolean nonAscii;
        private final int maxDepth;
        private final int maxFields;
        /** False when only checking: no values are kept. */
        private final boolean collect;
        /** A posted log: the limits, the number range and lone surrogates are the client's mistakes. */
        private final boolean strict;
        /** Whether the top-level time fields are wanted (not for a record that carries its time in a header). */
        private final boolean readTimes;
        private final List<FieldValue> values = new ArrayList<>();
        private final Deque<Container> open = new ArrayDeque<>(4); // a log rarely nests deeper
        private final TopLevelTimes times = new TopLevelTimes();
        private int fields;
        /** The time field ({@link LogTimestamps#FIELDS}) whose value comes next, at the top level; else -1. */
        private int timeField = -1;

        Flattener(byte[] in, int from, int to, int maxDepth, int maxFields, boolean collect, boolean strict,
                  boolean readTimes) {
            this.in = in;
            this.pos = from;
            this.from = from;
            this.end = to;
            this.maxDepth = maxDepth;
            this.maxFields = maxFields;
            this.collect = collect;
            this.strict = strict;
            this.readTimes = readTimes;
        }

        /** Makes this reader read {@code in[from, to)} next, from the start. */
        Flattener reset(byte[] in, int from, int to) {
            this.in = in;
            this.pos = from;
            this.from = from;
            this.end = to;
            values.clear();
            open.clear();
            times.clear();
            fields = 0;
            timeField = -1;
            return this;
        }

        List<FieldValue> read() {
            String name = "";
            while (true) {
                skipSpace();
                // a value named `name`: containers open, scalars become values
                byte c = next("a value");
                int time = timeField;
                timeField = -1;
                switch (c) {
                    case '{' -> {
                        times.set(time, Boolean.TRUE); // an object is no time
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
                        times.set(time, Boolean.TRUE); // an array is no time
                        push(name, true);
                        skipSpace();
                        if (peek() == ']') {
                            pos++;
                            open.pop();
                        } else {
                            continue;
                        }
                    }
                    case '"' -> {
                        if (collect) {
                            int start = pos;
                            nonAscii = false;
                            if (toQuoteOrBackslash() == '"') {
                                pos++;
                                FieldValue value = addBytes(name, start, pos - 1 - start, !nonAscii);
                                if (time >= 0) {
                                    times.set(time, value != null ? value.value() : new String(in, start, pos - 1 - start, StandardCharsets.UTF_8));
                                }
                            } else {
                                String value = escapedString(start);
                                times.set(time, value);
                                add(name, value);
                            }
                        } else if (time >= 0) {
                            int start = pos;
                            if (skipString()) {
                                pos = start;
                                times.set(time, string()); // escapes: decoded as the text they stand for
                            } else {
                                times.setText(time, in, start, pos - 1);
                            }
                        } else {
                            skipString();
                        }
                    }
                    case 't' -> {
                        times.set(time, Boolean.TRUE); // a boolean is no time
                        literal("true");
                        addBytes(name, pos - 4, 4, true);
                    }
                    case 'f' -> {
                        times.set(time, Boolean.TRUE);
                        literal("false");
                        addBytes(name, pos - 5, 5, true);
                    }
                    case 'n' -> {
                        times.set(time, null);
                        literal("null"); // nothing to index
                    }
                    default -> {
                        if (c == '-' || (c >= '0' && c <= '9')) {
                            pos--;
                            int start = pos;
                            number();
                            if (strict) {
                                checkNumber(start);
                            }
                            times.setNumber(time, in, start, pos);
                            addBytes(name, start, pos - start, true);
                        } else {
                            throw unexpected(c, pos - 1);
                        }
                    }
                }
                // after a value: the next member or element, or the end of containers
                while (true) {
                    skipSpace();
                    if (open.isEmpty()) {
                        if (pos != end) {
                            if (strict) {
                                throw new JsonRefusal(JsonRefusal.Kind.TRAILING, pos, "");
                            }
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
            if (open.size() >= maxDepth) {
                if (strict) {
                    throw new JsonRefusal(JsonRefusal.Kind.DEPTH, pos - 1, "");
                }
                throw new IllegalArgumentException("JSON nested deeper than " + maxDepth);
            }
            open.push(collect ? new Container(name, array) : array ? Container.ARRAY : Container.OBJECT);
        }

        private void add(String name, String value) {
            if (collect && !open.isEmpty()) { // a bare value outside any object names no field
                values.add(new FieldValue(name, value));
            }
        }

        /** A value that is the document's own bytes {@code in[at, at + length)}: kept as their position, no String. */
        private FieldValue addBytes(String name, int at, int length, boolean ascii) {
            if (collect && !open.isEmpty()) {
                FieldValue value = new FieldValue(name, in, at, length, at - from, ascii);
                values.add(value);
                return value;
            }
            return null;
        }

        /** Reads {@code "key":} inside the open object; the dotted name its value gets. */
        private String member() {
            skipSpace();
            byte quote = next("a field name");
            if (quote != '"') {
                throw unexpected(quote, pos - 1);
            }
            if (++fields > maxFields) {
                throw new JsonRefusal(JsonRefusal.Kind.FIELDS, pos - 1, "");
            }
            String key = null;
            int start = pos;
            if (collect) {
                key = string();
            } else if (skipString() && readTimes && open.size() == 1) {
                pos = start;
                key = string(); // a top-level name with escapes may still spell a time field
            }
            int keyEnd = pos - 1;
            skipSpace();
            byte colon = next("':'");
            if (colon != ':') {
                throw unexpected(colon, pos - 1);
            }
            if (readTimes && open.size() == 1) {
                timeField = key != null ? LogTimestamps.fieldIndex(key) : LogTimestamps.fieldIndex(in, start, keyEnd);
            }
            if (!collect) {
                return ""; // names are only needed for the values
            }
            String parent = open.peek().name();
            return parent.isEmpty() ? key : parent + "." + key;
        }

        /** The string whose opening quote was just read. */
        private String string() {
            int start = pos;
            if (toQuoteOrBackslash() == '"') {
                return new String(in, start, pos++ - start, StandardCharsets.UTF_8);
            }
            return escapedString(start);
        }

        /**
         * Checks the string whose opening quote was just read without keeping it (no copy unless it
         * has escapes).
         *
         * @return whether it has escapes
         */
        private boolean skipString() {
            int start = pos;
            if (toQuoteOrBackslash() == '"') {
                pos++;
                return false;
            }
            escapedString(start);
            return true;
        }

        /**
         * Moves over a string's bytes to its closing quote or its first backslash, and says which;
         * what it passes must be in a string (no control characters; UTF-8 in a posted log).
         * Plain ASCII is passed eight bytes at a time: most of a log is in its strings.
         */
        private byte toQuoteOrBackslash() {
            while (true) {
                pos = ByteScan.plainStringBytes(in, pos, end);
                if (pos >= end) {
                    throw endOfInput("the end of a string");
                }
                int stop = Math.min(pos + Long.BYTES, end); // a byte at a time through the word that stopped the scan
                while (pos < stop) {
                    byte b = in[pos];
                    if (b == '"' || b == '\\') {
                        return b;
                    }
                    if (b >= 0 && b < 0x20) {
                        throw unexpected(b, pos);
                    }
                    if (b < 0) {
                        nonAscii = true;
                        pos += strict ? utf8Length() : 1;
                    } else {
                        pos++;
                    }
                }
            }
        }

        /** The rest of a string with escapes; {@code pos} is at its first backslash. */
        private String escapedString(int start) {
            StringBuilder out = new StringBuilder(pos - start + 16);
            int run = start; // start of the bytes not yet appended
            while (pos < end) {
                byte b = in[pos];
                if (b == '"') {
                    out.append(new String(in, run, pos++ - run, StandardCharsets.UTF_8));
                    if (strict) {
                        checkSurrogates(out, start - 1);
                    }
                    return out.toString();
                }
                if (b >= 0 && b < 0x20) {
                    throw unexpected(b, pos);
                }
                if (b != '\\') {
                    pos += b < 0 && strict ? utf8Length() : 1;
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

        /**
         * The length of the UTF-8 character at {@code pos}, a non-ASCII byte of a posted log's string;
         * a posted log is refused at bytes that are not UTF-8. (Outside strings such a byte is a
         * syntax error anyway; the processor reads what another producer wrote as before, with
         * U+FFFD for such bytes.)
         */
        private int utf8Length() {
            int length = Utf8.sequenceLength(in, pos, end);
            if (length < 0) {
                throw unexpected(in[pos], pos);
            }
            return length;
        }

        /**
         * Passes over a number, checked against the grammar: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}.
         * Its text is made only where it is kept.
         */
        private void number() {
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
        }

        /**
         * A posted number must fit the limits the index can hold: at most
         * {@value LogValidator#MAX_NUMBER_CHARS} characters, and within a double's range.
         */
        private void checkNumber(int start) {
            int length = pos - start;
            if (length <= 300 && !hasExponent(start)) {
                return; // fits, see fitsADouble: no text needed
            }
            String number = new String(in, start, length, StandardCharsets.ISO_8859_1);
            if (length > LogValidator.MAX_NUMBER_CHARS) {
                throw new JsonRefusal(JsonRefusal.Kind.NUMBER_LENGTH, start, number);
            }
            if (!fitsADouble(number)) {
                throw new JsonRefusal(JsonRefusal.Kind.NUMBER_RANGE, start, number);
            }
        }

        private boolean hasExponent(int start) {
            for (int i = start; i < pos; i++) {
                if (in[i] == 'e' || in[i] == 'E') {
                    return true;
                }
            }
            return false;
        }

        /**
         * Half of a surrogate pair alone (an escape such as backslash-ud800) has no UTF-8 form, so
         * a posted string holding one could not be stored or searched as it was sent.
         */
        private static void checkSurrogates(CharSequence s, int at) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        i++;
                    } else {
                        throw new JsonRefusal(JsonRefusal.Kind.LONE_SURROGATE, at, Integer.toHexString(c));
                    }
                }
            }
        }

        private void digits() {
            int start = pos;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
            if (pos == start) {
                if (pos == end) {
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
            while (pos < end && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
                pos++;
            }
        }

        /** The next byte, or 0 at the end (which no caller takes for what it looks for). */
        private byte peek() {
            return pos < end ? in[pos] : 0;
        }

        private byte next(String expected) {
            if (pos >= end) {
                throw endOfInput(expected);
            }
            return in[pos++];
        }

        private static IllegalArgumentException unexpected(byte b, int at) {
            return new JsonRefusal(JsonRefusal.Kind.SYNTAX, at, "unexpected " + (b >= 0x20 && b < 0x7f ? "'" + (char) b + "'"
                    : "byte 0x" + Integer.toHexString(b & 0xff)));
        }

        private IllegalArgumentException endOfInput(String expected) {
            return new JsonRefusal(JsonRefusal.Kind.SYNTAX, pos, "it ends where " + expected + " was expected");
        }
    }

    /**
     * True if the JSON number is within a double's range, neither infinite nor a non-zero that
     * rounds to zero ({@code 1e999999}, {@code 1e-999999}); parsed only when it could not be
     * (over 300 characters, or with an exponent).
     */
    static boolean fitsADouble(String number) {
        int exponent = Math.max(number.indexOf('e'), number.indexOf('E'));
        if (number.length() <= 300 && exponent < 0) {
            return true;
        }
        double value = Double.parseDouble(number);
        if (Double.isInfinite(value)) {
            return false;
        }
        if (value == 0) {
            String mantissa = exponent < 0 ? number : number.substring(0, exponent);
            return mantissa.chars().noneMatch(c -> c >= '1' && c <= '9');
        }
        return true;
    }
}
