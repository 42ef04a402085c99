package org.observer.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sorted per-document timestamps of a chunk ({@code .ts}): gap-encoded with an absolute
 * restart every {@link StorageFormat#TIMESTAMP_RESTART_INTERVAL} documents, read straight from the
 * mapping (no heap per document). A time range becomes an ordinal range by binary search.
 */
final class TimestampColumn {

    private static final int RESTART_ENTRY_BYTES = 12;

    private final ByteBuffer buffer;
    private final int documents;
    private final int interval;
    private final int restarts;
    private final int table;

    TimestampColumn(Path file, ByteBuffer buffer) throws CorruptIndexException {
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
        for (int i = 0; i < sorted.length; i++) {
            if (i % interval == 0) {
                restartValues[i / interval] = sorted[i];
                restartPositions[i / interval] = deltas.size();
            } else {
                deltas.writeVLong(sorted[i] - sorted[i - 1]);
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
            ByteCursor in = new ByteCursor(buffer, buffer.getInt(table + restart * RESTART_ENTRY_BYTES + 8));
            for (int i = 0; i < steps; i++) {
                value += in.readVLong();
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
        ByteCursor in = new ByteCursor(buffer, buffer.getInt(table + below * RESTART_ENTRY_BYTES + 8));
        while (++ordinal < groupEnd) {
            value += in.readVLong();
            if (value >= timestamp) {
                return ordinal;
            }
        }
        return groupEnd;
    }

    private long restartValue(int restart) {
        return buffer.getLong(table + restart * RESTART_ENTRY_BYTES);
    }
}
