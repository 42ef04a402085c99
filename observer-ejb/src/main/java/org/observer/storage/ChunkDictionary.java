package org.observer.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The sorted keyword dictionary of a chunk ({@code .dict}), read from the mapping: binary search
 * over the restart keys, then a short front-coded scan. Thread-safe (absolute reads only).
 */
final class ChunkDictionary {

    private final ByteBuffer buffer;
    private final int keys;
    private final int interval;
    private final int restarts;
    private final int table;

    ChunkDictionary(Path file, ByteBuffer buffer) throws CorruptIndexException {
        ByteCursor in = new ByteCursor(buffer, 0);
        Headers.check(file, in, StorageFormat.DICT_MAGIC);
        this.buffer = buffer;
        this.keys = in.readInt();
        this.interval = in.readInt();
        this.restarts = in.readInt();
        this.table = in.position;
        if (interval <= 0 || restarts != (keys + interval - 1) / interval
                || (long) table + 4L * restarts > buffer.capacity()) {
            throw new CorruptIndexException(file, "inconsistent dictionary header");
        }
    }

    /** Writes the sorted {@code keys} with their document counts and postings positions. */
    static ByteSink write(byte[][] sortedKeys, int[] docFreqs, long[] postingsPositions) {
        int interval = StorageFormat.DICT_RESTART_INTERVAL;
        int restarts = (sortedKeys.length + interval - 1) / interval;
        int[] restartPositions = new int[restarts];
        ByteSink entries = new ByteSink(sortedKeys.length * 16);
        byte[] previous = new byte[0];
        for (int i = 0; i < sortedKeys.length; i++) {
            byte[] key = sortedKeys[i];
            int shared = 0;
            if (i % interval == 0) {
                restartPositions[i / interval] = entries.size();
            } else {
                int max = Math.min(previous.length, key.length);
                while (shared < max && previous[shared] == key[shared]) {
                    shared++;
                }
            }
            entries.writeVInt(shared);
            entries.writeVInt(key.length - shared);
            entries.writeBytes(key, shared, key.length - shared);
            entries.writeVInt(docFreqs[i]);
            entries.writeVLong(postingsPositions[i]);
            previous = key;
        }
        ByteSink out = new ByteSink(32 + restarts * 4 + entries.size());
        Headers.write(out, StorageFormat.DICT_MAGIC);
        out.writeInt(sortedKeys.length);
        out.writeInt(interval);
        out.writeInt(restarts);
        int base = out.size() + restarts * 4;
        for (int position : restartPositions) {
            out.writeInt(base + position);
        }
        out.writeBytes(entries.array(), 0, entries.size());
        return out;
    }

    /** Finds {@code key}; on success fills {@code result} with {docFreq, postings position}. */
    boolean lookup(byte[] key, long[] result) {
        int lo = 0;
        int hi = restarts - 1;
        int restart = -1; // last restart whose key is <= key
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compareRestartKey(mid, key) <= 0) {
                restart = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (restart < 0) {
            return false;
        }
        ByteCursor in = new ByteCursor(buffer, buffer.getInt(table + 4 * restart));
        byte[] current = new byte[Math.max(64, key.length)];
        int entries = Math.min(interval, keys - restart * interval);
        for (int e = 0; e < entries; e++) {
            int shared = in.readVInt();
            int suffix = in.readVInt();
            if (shared + suffix > current.length) {
                current = Arrays.copyOf(current, shared + suffix);
            }
            buffer.get(in.position, current, shared, suffix);
            in.skip(suffix);
            int docFreq = in.readVInt();
            long position = in.readVLong();
            int c = Arrays.compareUnsigned(current, 0, shared + suffix, key, 0, key.length);
            if (c == 0) {
                result[0] = docFreq;
                result[1] = position;
                return true;
            }
            if (c > 0) {
                return false;
            }
        }
        return false;
    }

    private int compareRestartKey(int restart, byte[] key) {
        ByteCursor in = new ByteCursor(buffer, buffer.getInt(table + 4 * restart));
        in.readVInt(); // shared prefix: 0 at a restart
        int length = in.readVInt();
        int start = in.position;
        int common = Math.min(length, key.length);
        for (int i = 0; i < common; i++) {
            int c = Integer.compare(buffer.get(start + i) & 0xFF, key[i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(length, key.length);
    }
}
