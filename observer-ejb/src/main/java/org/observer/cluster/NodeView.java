package org.observer.cluster;

import org.observer.api.NodeState;

import java.util.List;
import java.util.Map;

/**
 * A node as this node sees it now: its latest announcement, the state derived from when that
 * arrived and from the processors' consumer group, and {@code receivedAt}, epoch millis on this
 * node's clock (for this node itself: when its own figures were last taken). {@code started} and
 * {@code sent} are on the announcing node's clock. {@code lag} maps each announced partition to its
 * lag in records (-1 while unknown).
 */
public record NodeView(String name, String url, String rpc, String version, long started, long sent,
                       long heapUsedBytes, long heapMaxBytes, long diskBytes, long diskFreeBytes,
                       int openIndexes, double ingestRate, List<Integer> partitions, Map<Integer, Long> lag,
                       NodeState state, long receivedAt, List<Integer> replicas, List<Integer> handingOver,
                       long memoryBudgetBytes, long memoryUsedBytes) {

    public NodeView {
        partitions = List.copyOf(partitions);
        lag = Map.copyOf(lag);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        handingOver = handingOver == null ? List.of() : List.copyOf(handingOver);
    }

    static NodeView of(NodeAnnouncement a, NodeState state, long receivedAt) {
        return new NodeView(a.name(), a.url(), a.rpc(), a.version(), a.started(), a.sent(), a.heapUsedBytes(),
                a.heapMaxBytes(), a.diskBytes(), a.diskFreeBytes(), a.openIndexes(), a.ingestRate(),
                a.partitions(), a.lag(), state, receivedAt, a.replicas(), a.handingOver(),
                a.memoryBudgetBytes(), a.memoryUsedBytes());
    }

    /** UP or SUSPECT: the node still owns the partitions it announced and should be asked for them. */
    public boolean serving() {
        return state != NodeState.DOWN;
    }

    /** Records its partitions are behind, summed over the partitions whose lag is known. */
    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).filter(l -> l > 0).sum();
    }

    /** The host of {@link #rpc()} ({@code host:port}). */
    public String rpcHost() {
        int colon = rpc.lastIndexOf(':');
        return colon < 0 ? rpc : rpc.substring(0, colon);
    }

    /** The port of {@link #rpc()}, or -1 if it names none. */
    public int rpcPort() {
        int colon = rpc.lastIndexOf(':');
        try {
            return colon < 0 ? -1 : Integer.parseInt(rpc.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
