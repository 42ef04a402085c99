package org.observer.analysis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One flattened JSON field: {@code "user.name" -> "alice"}. Arrays give several values with the
 * same name; numbers and booleans carry their JSON text.
 *
 * <p>A value read from a log's JSON may be known only by where its UTF-8 bytes lie in the log (a
 * string without escapes, a number, a literal): the processor stores it as that position and
 * indexes it from those bytes, so most values never become a String (per line, the Strings of
 * its values were a large share of what the processor allocated). {@link #value()} makes the
 * String on first use. Two values are equal when their names and texts are.
 */
public final class FieldValue {

    private final String name;
    private String value;
    /** The bytes holding the value's UTF-8 text, or null when only the String is known. */
    private final byte[] bytes;
    private final int bytesAt;
    private final int length;
    /** Where the text lies in the log's own JSON, or -1. */
    private final int sourceAt;
    /** Whether the text is ASCII (known only for values given as bytes). */
    private final boolean ascii;

    public FieldValue(String name, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.bytes = null;
        this.bytesAt = 0;
        this.length = 0;
        this.sourceAt = -1;
        this.ascii = false;
    }

    /**
     * A value whose UTF-8 text is {@code bytes[at, at + length)}, which is also at {@code sourceAt}
     * in its log's JSON (the log starts at {@code at - sourceAt} of {@code bytes}).
     *
     * @param ascii whether those bytes are all ASCII
     */
    public FieldValue(String name, byte[] bytes, int at, int length, int sourceAt, boolean ascii) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.bytesAt = at;
        this.length = length;
        this.sourceAt = sourceAt;
        this.ascii = ascii;
    }

    public String name() {
        return name;
    }

    public String value() {
        String text = value;
        if (text == null) {
            value = text = new String(bytes, bytesAt, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        return text;
    }

    /** Where the value's UTF-8 text starts in its log's JSON, or -1 if it is not there as such. */
    public int sourceAt() {
        return sourceAt;
    }

    /** Bytes of the value's UTF-8 text, when {@link #sourceAt()} is known. */
    public int sourceLength() {
        return length;
    }

    /**
     * The array holding the value's text as ASCII bytes from {@link #asciiAt()} for
     * {@link #sourceLength()} bytes; null unless the value was read from bytes and is all ASCII.
     */
    public byte[] asciiBytes() {
        return ascii ? bytes : null;
    }

    public int asciiAt() {
        return bytesAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldValue other && name.equals(other.name) && value().equals(other.value());
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + value().hashCode();
    }

    @Override
    public String toString() {
        return "FieldValue[name=" + name + ", value=" + value() + "]";
    }
}
