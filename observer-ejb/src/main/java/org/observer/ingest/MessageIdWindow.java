package org.observer.ingest;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The message ids seen in the last {@link #SPAN} records of one partition of {@code observer.ingest},
 * so a log handed over twice by a channel that redelivers (the Jakarta Messaging bridge: Kafka
 * acknowledged, then the JMS transaction rolled back) is stored once. A record is a repeat when
 * a record with the same id sits among the {@value #SPAN} offsets before it: a rule of the
 * partition's content alone, so every copy of the partition (owner, standby, rebuild) skips the
 * same records. Ids are kept as 64-bit hashes (a false repeat is a 1 in 10^14 chance per log).
 * Not thread-safe: used under the partition's lock.
 */
final class MessageIdWindow {

    /** How many records back a repeat is recognized; redeliveries come within seconds, after a few hundred. */
    static final long SPAN = 100_000;

    /** Id hash → the offset it was first seen at. */
    private final Map<Long, Long> firstSeen = new HashMap<>();
    /** (hash, offset) pairs in offset order, to forget those that fall out of the span. */
    private final ArrayDeque<long[]> order = new ArrayDeque<>();
    /** The highest offset this window has looked at, with or without an id. */
    private long coveredThrough;

    /** @param coveredThrough the offset just before the first one this window will look at */
    MessageIdWindow(long coveredThrough) {
        this.coveredThrough = coveredThrough;
    }

    /** Whether the window has looked at every record before {@code offset} (else it must be rebuilt). */
    boolean covers(long offset) {
        return offset <= coveredThrough + 1;
    }

    /**
     * True if the record at {@code offset} carries an id already seen at an earlier offset within the
     * span. The same record read again (a processor resuming from its checkpoint) is no repeat.
     */
    boolean isRepeat(byte[] messageId, long offset) {
        forgetBefore(offset - SPAN);
        passed(offset);
        long hash = hash(messageId);
        Long seen = firstSeen.get(hash);
        if (seen != null) {
            return seen < offset;
        }
        firstSeen.put(hash, offset);
        order.addLast(new long[]{hash, offset});
        return false;
    }

    /** Notes that the window looked at {@code offset} (a record without an id, or a repeat). */
    void passed(long offset) {
        coveredThrough = Math.max(coveredThrough, offset);
    }

    int size() {
        return firstSeen.size();
    }

    private void forgetBefore(long offset) {
        while (!order.isEmpty() && order.peekFirst()[1] < offset) {
            long[] oldest = order.removeFirst();
            firstSeen.remove(oldest[0], oldest[1]);
        }
    }

    /** 64-bit FNV-1a, then a final mix: ids differ in their last characters (a counter). */
    static long hash(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
