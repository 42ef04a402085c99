package org.observer.index;

import org.observer.api.IndexState;
import org.observer.storage.IndexStore;
import org.observer.storage.StoreStats;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One store known to this node (an index's logs of one partition): its directory and, while OPEN, the store. Readers and the writer
 * hold the read lock while they use the store; opening and closing take the write lock, so a store
 * is never closed under a running search or write.
 */
final class IndexHandle {

    final String name;
    final int partition;
    final Path dir;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Non-null while OPEN. Guarded by {@link #lock}. */
    IndexStore store;
    /** The stats seen when the index was last open, so listing CLOSED indexes opens nothing. */
    volatile StoreStats lastStats;
    volatile long lastUsedMillis = System.currentTimeMillis();
    /**
     * Why the index cannot be used now (damaged files being rebuilt, or a restore under way), or
     * null. While set, reads and writes fail fast with a 503; written under {@link #lock}.
     */
    volatile String problem;

    IndexHandle(StoreKey key, Path dir) {
        this.name = key.index();
        this.partition = key.partition();
        this.dir = dir;
    }

    StoreKey key() {
        return new StoreKey(name, partition);
    }

    IndexState state() {
        return problem != null ? IndexState.DEGRADED : store != null ? IndexState.OPEN : IndexState.CLOSED;
    }
}
