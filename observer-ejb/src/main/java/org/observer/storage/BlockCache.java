package org.observer.storage;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently decompressed data blocks, shared by every store of the process and bounded by their
 * raw bytes (least recently used goes first). Hits cluster in time, and the same newest blocks
 * answer query after query, so most fetches skip zstd. A closed chunk's blocks are dropped with it.
 */
final class BlockCache {

    static final BlockCache SHARED = new BlockCache(64L << 20);

    private record Key(ChunkReader chunk, int block) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.chunk == chunk && k.block == block;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(chunk) * 31 + block;
        }
    }

    private final long capacity;
    private final LinkedHashMap<Key, RecordBlock.View> views = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    BlockCache(long capacity) {
        this.capacity = capacity;
    }

    synchronized RecordBlock.View get(ChunkReader chunk, int block) {
        return views.get(new Key(chunk, block));
    }

    synchronized void put(ChunkReader chunk, int block, RecordBlock.View view) {
        RecordBlock.View old = views.put(new Key(chunk, block), view);
        if (old != null) {
            bytes -= old.heapBytes();
        }
        bytes += view.heapBytes();
        Iterator<Map.Entry<Key, RecordBlock.View>> eldest = views.entrySet().iterator();
        while (bytes > capacity && eldest.hasNext()) {
            bytes -= eldest.next().getValue().heapBytes();
            eldest.remove();
        }
    }

    /** Forgets every block of {@code chunk} (it is being unmapped). */
    synchronized void evict(ChunkReader chunk) {
        Iterator<Map.Entry<Key, RecordBlock.View>> it = views.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, RecordBlock.View> entry = it.next();
            if (entry.getKey().chunk == chunk) {
                bytes -= entry.getValue().heapBytes();
                it.remove();
            }
        }
    }
}
