package org.observer.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/**
 * How far the processors have made each partition of {@code observer.ingest} searchable, so that
 * {@code refresh=wait_for} can wait for exactly the offsets it published.
 */
@ApplicationScoped
public class IngestProgress {

    /**
     * A private monitor, never {@code synchronized} methods: Weld's client proxy copies the modifier
     * and locks itself, so a waiting request would block every processor.
     */
    private final Object lock = new Object();
    /** Partition → next offset not yet searchable. Guarded by {@link #lock}. */
    private final Map<Integer, Long> searchableUpTo = new HashMap<>();

    /** Called by a processor once every record before {@code nextOffset} is searchable and durable. */
    public void advance(int partition, long nextOffset) {
        synchronized (lock) {
            Long current = searchableUpTo.get(partition);
            if (current == null || nextOffset > current) {
                searchableUpTo.put(partition, nextOffset);
                lock.notifyAll();
            }
        }
    }

    /** Forgets a partition that left this node: what it knew of it may be behind the new owner. */
    public void forget(int partition) {
        synchronized (lock) {
            searchableUpTo.remove(partition);
        }
    }

    /** Waits until {@code offset} of {@code partition} is searchable; false if the time ran out. */
    public boolean awaitSearchable(int partition, long offset, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            while (searchableUpTo.getOrDefault(partition, 0L) <= offset) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }
}
