package org.observer.cluster;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a node tells the others about itself every interval on {@code observer.nodes}, keyed by its
 * name. Times are epoch millis on the sender's clock. {@code lag} maps every partition of
 * {@code observer.ingest} the node owns to its consumer lag in records (-1 while unknown); heap,
 * disk and rates are -1 when the node could not tell. {@code leaving} is set on the last
 * announcement of a node that shuts down cleanly: the others then count it DOWN at once.
 * {@code replicas} are the partitions it keeps standby copies of; {@code handingOver} those it
 * gave up in a rebalance and still answers for as they stand, until another copy takes over.
 * {@code memoryBudgetBytes} is what its OPEN indexes may hold in memory, {@code memoryUsedBytes}
 * what they hold (heap of active segments and files mapped), -1 when unknown.
 */
public record NodeAnnouncement(String name, String url, String rpc, String version, boolean leaving,
                               long started, long sent, long heapUsedBytes, long heapMaxBytes,
                               long diskBytes, long diskFreeBytes, int openIndexes, double ingestRate,
                               Map<Integer, Long> lag, List<Integer> replicas, List<Integer> handingOver,
                               long memoryBudgetBytes, long memoryUsedBytes) {

    public NodeAnnouncement {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a node announcement needs a name");
        }
        url = url == null ? "" : url;
        rpc = rpc == null ? "" : rpc;
        version = version == null ? "" : version;
        lag = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(lag == null ? Map.of() : lag));
        replicas = replicas == null ? List.of() : List.copyOf(new java.util.TreeSet<>(replicas));
        handingOver = handingOver == null ? List.of() : List.copyOf(new java.util.TreeSet<>(handingOver));
    }

    /** An announcement of a node that keeps no standby copies. */
    public NodeAnnouncement(String name, String url, String rpc, String version, boolean leaving,
                            long started, long sent, long heapUsedBytes, long heapMaxBytes,
                            long diskBytes, long diskFreeBytes, int openIndexes, double ingestRate,
                            Map<Integer, Long> lag) {
        this(name, url, rpc, version, leaving, started, sent, heapUsedBytes, heapMaxBytes, diskBytes, diskFreeBytes,
                openIndexes, ingestRate, lag, List.of(), List.of(), -1, -1);
    }

    /** The partitions the node owns, ascending. */
    public List<Integer> partitions() {
        return List.copyOf(lag.keySet());
    }

    /** The same announcement marked as the node's last one, sent at {@code now}. */
    public NodeAnnouncement leavingAt(long now) {
        return new NodeAnnouncement(name, url, rpc, version, true, started, now, heapUsedBytes, heapMaxBytes,
                diskBytes, diskFreeBytes, openIndexes, ingestRate, Map.of(), List.of(), List.of(),
                memoryBudgetBytes, memoryUsedBytes);
    }
}
