package org.observer.web.rest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing UTF-8 buffer for answers of thousands of items (bulk answers): written straight into
 * bytes, since a StringBuilder, then a String, then its encoding cost a fifth of a bulk's time.
 */
public final class JsonBytes {

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000};

    private byte[] bytes;
    private int size;

    public JsonBytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Text known to be ASCII with nothing to escape (a byte per character). */
    public JsonBytes ascii(String text) {
        int length = text.length();
        room(length);
        text.getBytes(0, length, bytes, size); // deprecated for its lossy cast, which ASCII never meets
        size += length;
        return this;
    }

    public JsonBytes ascii(char c) {
        room(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /** A JSON string: quoted, escaped, in UTF-8. */
    public JsonBytes string(String text) {
        int length = text.length();
        int plain = 0;
        while (plain < length) {
            char c = text.charAt(plain);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                break;
            }
            plain++;
        }
        if (plain == length) { // most keys and values: nothing to escape
            room(length + 2);
            bytes[size++] = '"';
            text.getBytes(0, length, bytes, size);
            size += length;
            bytes[size++] = '"';
            return this;
        }
        StringBuilder quoted = new StringBuilder(text.length() + 2);
        Json.quote(quoted, text);
        byte[] utf8 = quoted.toString().getBytes(StandardCharsets.UTF_8);
        room(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    public JsonBytes number(long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            return ascii(Long.toString(value));
        }
        int rest = (int) value; // int division by ten is a multiply; a long one here was a tenth of the answer
        int digits = 1;
        while (digits < 10 && rest >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        room(digits);
        for (int at = size + digits - 1; at >= size; at--) {
            bytes[at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        size += digits;
        return this;
    }

    public int size() {
        return size;
    }

    /** Takes back what was written after {@code size} (a part a filter leaves empty). */
    public void truncate(int size) {
        if (size < 0 || size > this.size) {
            throw new IllegalArgumentException("truncate to " + size + " of " + this.size);
        }
        this.size = size;
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    public byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
