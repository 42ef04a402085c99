package org.observer.oplog;

import jakarta.enterprise.context.ApplicationScoped;
import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Which indexes were deleted, on any node, up to which offset of each partition: read from the
 * oplog every node archives. A node that replays a partition (it got it from a dead node, or got it
 * back) skips those logs instead of bringing a deleted index back, and drops a store of its own
 * that a delete elsewhere covers.
 */
@ApplicationScoped
public class DeletedIndexes {

    private final Map<String, Long> through = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    /** True once any delete is known. */
    public boolean any() {
        return !through.isEmpty();
    }

    /** The last offset of {@code partition} a delete of {@code index} covers, or -1. */
    public long deletedThrough(String index, int partition) {
        if (through.isEmpty()) {
            return -1;
        }
        Long last = through.get(key(index, partition));
        return last == null ? -1 : last;
    }

    /** Blocks until the oplog archive has caught up with the topic as of start-up. */
    public void awaitCaughtUp() throws InterruptedException {
        caughtUp.await();
    }

    void record(OplogEntry entry) {
        if (entry.action() == OplogAction.DELETED && entry.partition() != null && entry.toOffset() != null) {
            through.merge(key(entry.index(), entry.partition()), entry.toOffset(), Math::max);
        }
    }

    /**
     * A delete this node learnt of before its oplog entry arrives (a standby copy dropped with the
     * owner's store): the copy's writer skips the same logs from now on.
     */
    public void noteDeleted(String index, int partition, long throughOffset) {
        through.merge(key(index, partition), throughOffset, Math::max);
    }

    void caughtUp() {
        caughtUp.countDown();
    }

    private static String key(String index, int partition) {
        return partition + "/" + index;
    }
}
