package org.observer.logs;

import java.nio.charset.StandardCharsets;

/**
 * The lines of an NDJSON body as places in its bytes, split at {@code \n} (a {@code \r} before it
 * dropped), without a String per line: the body is read as it came, and a line that is not UTF-8
 * is found and refused alone by the one pass that checks its JSON ({@link LogValidator}).
 */
public final class NdjsonLines {

    private final byte[] body;
    /** Line i is {@code body[bounds[2i], bounds[2i + 1])}. */
    private int[] bounds;
    private int count;

    private NdjsonLines(byte[] body) {
        this.body = body;
        this.bounds = new int[2 * Math.max(16, body.length / 128)]; // a log line is 100-300 bytes
    }

    public static NdjsonLines split(byte[] body) {
        NdjsonLines lines = new NdjsonLines(body);
        int start = 0;
        for (int end; (end = ByteScan.newline(body, start)) >= 0; start = end + 1) {
            lines.add(start, end > start && body[end - 1] == '\r' ? end - 1 : end);
        }
        lines.add(start, body.length);
        return lines;
    }

    private void add(int from, int to) {
        if (2 * count == bounds.length) {
            bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[2 * count] = from;
        bounds[2 * count + 1] = to;
        count++;
    }

    public byte[] body() {
        return body;
    }

    public int count() {
        return count;
    }

    public int from(int line) {
        return bounds[2 * line];
    }

    public int to(int line) {
        return bounds[2 * line + 1];
    }

    /**
     * Whether the line holds nothing but white space ({@link String#isBlank()} of its text); a line
     * that is not UTF-8 is not blank.
     */
    public boolean isBlank(int line) {
        int from = from(line);
        int to = to(line);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b < 0) {
                // white space beyond ASCII (U+3000) is rare: read the line as text
                return Utf8.isValid(body, from, to) && new String(body, from, to - from, StandardCharsets.UTF_8).isBlank();
            }
            if (!LogValidator.isAsciiSpace(b)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every line is blank: the body says nothing. */
    public boolean allBlank() {
        for (int line = 0; line < count; line++) {
            if (!isBlank(line)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the line is UTF-8. */
    public boolean isUtf8(int line) {
        return Utf8.isValid(body, from(line), to(line));
    }
}
