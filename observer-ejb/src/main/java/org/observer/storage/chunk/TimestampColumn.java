package org.observer.storage.chunk;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.observer.storage.CorruptIndexException;
import org.observer.storage.StorageFormat;
import org.observer.storage.UnsupportedFormatException;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Headers;

/**
 * The sorted per-document timestamps of a chunk ({@code .ts}): an absolute restart every
 * {@link StorageFormat#TIMESTAMP_RESTART_INTERVAL} documents, and in between the gaps, frame of
 * reference bit-packed (a group's smallest gap once, then each gap above it in as few bits as the
 * group needs: evenly spaced logs take 0 bits). Read straight from the mapping (no heap per
 * document). A time range becomes an ordinal range by binary search.
 */
final class TimestampColumn {

    private static final int RESTART_ENTRY_BYTES = 12;

    private final ByteBuffer buffer;
    private final int documents;
    private final int interval;
    private final int restarts;
    private final int table;

    TimestampColumn(Path file, ByteBuffer buffer) throws CorruptIndexException, UnsupportedFormatException {
        ByteCursor in = new ByteCursor(buffer, 0);
        Headers.check(file, in, StorageFormat.TIMESTAMPS_MAGIC);
        this.buffer = buffer;
        this.documents = in.readInt();
        this.interval = in.readInt();
        this.restarts = in.readInt();
        this.table = in.position;
        if (interval <= 0 || restarts != (documents + interval - 1) / interval
                || (long) table + (long) restarts * RESTART_ENTRY_BYTES > buffer.capacity()) {
            throw new CorruptIndexException(file, "inconsistent timestamp column header");
        }
    }

    static ByteSink write(long[] sorted) {
        int interval = StorageFormat.TIMESTAMP_RESTART_INTERVAL;
        int restarts = (sorted.length + interval - 1) / interval;
        ByteSink deltas = new ByteSink(sorted.length * 2);
        long[] restartValues = new long[restarts];
        int[] restartPositions = new int[restarts];
        for (int r = 0; r < restarts; r++) {
            int first = r * interval;
            int end = Math.min(sorted.length, first + interval);
            restartValues[r] = sorted[first];
            restartPositions[r] = deltas.size();
            if (end - first < 2) {
                continue;
            }
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = first + 1; i < end; i++) {
                long gap = sorted[i] - sorted[i - 1];
                min = Math.min(min, gap);
                max = Math.max(max, gap);
            }
            int width = 64 - Long.numberOfLeadingZeros(max - min);
            deltas.writeByte(width);
            deltas.writeVLong(min);
            long bits = 0;
            int filled = 0;
            for (int i = first + 1; i < end; i++) {
                long value = sorted[i] - sorted[i - 1] - min;
                for (int done = 0; done < width; ) {
                    int take = Math.min(width - done, 64 - filled);
                    long part = (value >>> done) & (take == 64 ? -1L : (1L << take) - 1);
                    bits |= part << filled;
                    filled += take;
                    done += take;
                    if (filled == 64) {
                        deltas.writeLong(Long.reverseBytes(bits));
                        bits = 0;
                        filled = 0;
                    }
                }
            }
            for (; filled > 0; filled -= 8) {
                deltas.writeByte((int) bits & 0xFF);
                bits >>>= 8;
            }
        }
        ByteSink out = new ByteSink(32 + restarts * RESTART_ENTRY_BYTES + deltas.size());
        Headers.write(out, StorageFormat.TIMESTAMPS_MAGIC);
        out.writeInt(sorted.length);
        out.writeInt(interval);
        out.writeInt(restarts);
        int base = out.size() + restarts * RESTART_ENTRY_BYTES;
        for (int r = 0; r < restarts; r++) {
            out.writeLong(restartValues[r]);
            out.writeInt(base + restartPositions[r]);
        }
        out.writeBytes(deltas.array(), 0, deltas.size());
        return out;
    }

    int documents() {
        return documents;
    }

    long get(int ordinal) {
        int restart = ordinal / interval;
        long value = restartValue(restart);
        int steps = ordinal - restart * interval;
        if (steps > 0) {
            Group group = group(restart);
            for (int i = 0; i < steps; i++) {
                value += group.gap(i);
            }
        }
        return value;
    }

    /** The first ordinal whose timestamp is {@code >= timestamp}, or {@link #documents()}. */
    int lowerBound(long timestamp) {
        int lo = 0;
        int hi = restarts - 1;
        int below = -1; // last restart whose value is < timestamp
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (restartValue(mid) < timestamp) {
                below = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (below < 0) {
            return 0;
        }
        int ordinal = below * interval;
        int groupEnd = Math.min(documents, ordinal + interval);
        long value = restartValue(below);
        if (groupEnd - ordinal < 2) {
            return groupEnd;
        }
        Group group = group(below);
        for (int i = 0; ++ordinal < groupEnd; i++) {
            value += group.gap(i);
            if (value >= timestamp) {
                return ordinal;
            }
        }
        return groupEnd;
    }

    /** A reader for ordinals asked for in runs (see {@link Cursor}); not thread-safe. */
    Cursor cursor() {
        return new Cursor();
    }

    /**
     * Timestamps of ordinals asked for in any order, each restart group decoded whole, once, while it
     * stays the one in use. The newest hits of a chunk are runs of neighbouring ordinals, and
     * {@link #get} walks its group's gaps from the restart for every one of them.
     */
    final class Cursor {
        private final long[] values = new long[Math.min(interval, Math.max(1, documents))];
        private int restart = -1;

        long get(int ordinal) {
            int r = ordinal / interval;
            if (r != restart) {
                decode(r, values);
                restart = r;
            }
            return values[ordinal - r * interval];
        }
    }

    /** Every timestamp of restart group {@code restart}, reading its packed gaps in one pass. */
    private void decode(int restart, long[] into) {
        int count = Math.min(interval, documents - restart * interval);
        long value = restartValue(restart);
        into[0] = value;
        if (count < 2) {
            return;
        }
        Group group = group(restart);
        if (group.width > 56) {
            for (int i = 1; i < count; i++) {
                value += group.gap(i - 1);
                into[i] = value;
            }
            return;
        }
        // Gaps are packed little-endian: take bytes into an accumulator as the next gap needs them.
        long mask = (1L << group.width) - 1;
        int position = group.start;
        long bits = 0;
        int held = 0;
        for (int i = 1; i < count; i++) {
            while (held < group.width) {
                bits |= (long) (buffer.get(position++) & 0xFF) << held;
                held += 8;
            }
            value += group.min + (bits & mask);
            bits >>>= group.width;
            held -= group.width;
            into[i] = value;
        }
    }

    private Group group(int restart) {
        ByteCursor in = new ByteCursor(buffer, buffer.getInt(table + restart * RESTART_ENTRY_BYTES + 8));
        int width = in.readByte();
        long min = in.readVLong();
        return new Group(width, min, in.position);
    }

    /** One restart group's packed gaps, starting at byte {@code start}. */
    private final class Group {
        private final int width;
        private final long min;
        private final int start;

        Group(int width, long min, int start) {
            this.width = width;
            this.min = min;
            this.start = start;
        }

        /** The gap between documents i and i + 1 of the group. */
        long gap(int i) {
            long value = 0;
            long bit = (long) i * width;
            for (int got = 0; got < width; ) {
                int b = buffer.get(start + (int) (bit >>> 3)) & 0xFF;
                int shift = (int) (bit & 7);
                int take = Math.min(8 - shift, width - got);
                value |= (long) ((b >>> shift) & ((1 << take) - 1)) << got;
                got += take;
                bit += take;
            }
            return min + value;
        }
    }

    private long restartValue(int restart) {
        return buffer.getLong(table + restart * RESTART_ENTRY_BYTES);
    }
}
