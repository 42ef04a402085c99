package org.observer.storage;

/**
 * A log's place in its Kafka partition as one number: the record's offset and the log's line in
 * that record (a record may carry a group of lines of one index), packed so that comparing two
 * sequences orders their logs. Replays are skipped, hits ordered and chunks' ranges kept by it.
 */
public final class LogSequence {

    /** Bits of a sequence that hold the line; a record holds at most {@link #MAX_LINES} logs. */
    public static final int LINE_BITS = 16;
    public static final int MAX_LINES = 1 << LINE_BITS;

    private LogSequence() {
    }

    /** Whether {@code offset} and {@code line} make a sequence. */
    public static boolean isValid(long offset, int line) {
        return offset >= 0 && offset < 1L << (63 - LINE_BITS) && line >= 0 && line < MAX_LINES;
    }

    public static long of(long offset, int line) {
        if (!isValid(offset, line)) {
            throw new IllegalArgumentException("no log at offset " + offset + ", line " + line);
        }
        return offset << LINE_BITS | line;
    }

    public static long offset(long sequence) {
        return sequence >>> LINE_BITS;
    }

    public static int line(long sequence) {
        return (int) (sequence & (MAX_LINES - 1));
    }
}
