package org.observer.logs;

import java.util.Arrays;

/**
 * A validated log, ready to publish: its JSON text as UTF-8, {@code length} bytes at {@code offset}
 * of {@code source} (a line of the request body, not copied), and its time in epoch millis.
 */
public record IncomingLog(byte[] source, int offset, int length, long timestamp) {

    /** The log's bytes alone (the source itself when it is nothing else). */
    public byte[] utf8() {
        return offset == 0 && length == source.length ? source : Arrays.copyOfRange(source, offset, offset + length);
    }
}
