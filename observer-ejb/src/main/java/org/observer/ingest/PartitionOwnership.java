package org.observer.cluster;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions of {@code observer.ingest} this node owns right now, as the processors' consumer
 * group assigned them, and how far behind each one is. A partition leaves this set the moment its
 * revocation starts (before the processor commits), so a node never answers for data it may no
 * longer be the one writing.
 */
@ApplicationScoped
public class PartitionOwnership {

    /** Owned partition → its consumer lag in records (-1 while unknown). */
    private final Map<Integer, Long> owned = new ConcurrentHashMap<>();

    /** The partitions owned now, sorted. */
    public Set<Integer> owned() {
        return new TreeSet<>(owned.keySet());
    }

    public boolean owns(int partition) {
        return owned.containsKey(partition);
    }

    /** Lag per owned partition (records between the processor's position and the partition's end). */
    public Map<Integer, Long> lag() {
        return Map.copyOf(owned);
    }

    /** Called by a processor once it can serve {@code partition}. */
    public void gained(int partition) {
        owned.putIfAbsent(partition, -1L);
    }

    /** Called by a processor as soon as {@code partition} is revoked or lost. */
    public void lost(int partition) {
        owned.remove(partition);
    }

    public void lag(int partition, long records) {
        owned.computeIfPresent(partition, (p, old) -> records);
    }
}
