package org.observer.storage.io;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently decompressed blocks (data blocks as {@link org.observer.storage.chunk.RecordBlock.View}s in {@link #SHARED},
 * dictionary blocks as bytes in {@link #DICTIONARY}), shared by every store of the process and
 * bounded by their size, least recently used first out. Hits cluster in time and queries repeat their terms, so most reads skip zstd. An
 * owner's blocks are dropped when it is unmapped.
 */
public final class BlockCache {

    /** Data blocks. 16 MB: enough for the hot blocks; more only gives the collector more live bytes to copy. */
    public static final BlockCache SHARED = new BlockCache(16L << 20);
    /**
     * Dictionary blocks, apart: every lookup of every chunk reads one, and data blocks ten times their size
     * passing through the shared cache would push these 16 KB ones out first.
     */
    public static final BlockCache DICTIONARY = new BlockCache(16L << 20);

    private record Key(Object owner, int block) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.owner == owner && k.block == block;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(owner) * 31 + block;
        }
    }

    private record Entry(Object value, long bytes) {
    }

    private final long capacity;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    BlockCache(long capacity) {
        this.capacity = capacity;
    }

    /** The cached block, or null. */
    public synchronized Object get(Object owner, int block) {
        Entry entry = entries.get(new Key(owner, block));
        return entry == null ? null : entry.value();
    }

    public synchronized void put(Object owner, int block, Object value, long size) {
        Entry old = entries.put(new Key(owner, block), new Entry(value, size));
        if (old != null) {
            bytes -= old.bytes();
        }
        bytes += size;
        Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > capacity && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }

    /** Forgets every block of {@code owner} (it is being unmapped). */
    public synchronized void evict(Object owner) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Entry> entry = it.next();
            if (entry.getKey().owner() == owner) {
                bytes -= entry.getValue().bytes();
                it.remove();
            }
        }
    }
}
