package org.observer.api;

import java.util.List;

/**
 * What {@code GET /api/cluster} shows of one node. Times are epoch millis ({@code lastSeen} on the
 * answering node's clock); {@code lag} sums its partitions' known lags (records not yet indexed);
 * {@code ingestRate} is logs indexed per second over its last announcement interval; {@code replicas}
 * are the partitions it keeps standby copies of, {@code handingOver} those it gave up in a rebalance
 * and answers for as they stand until another copy takes over; {@code memoryBudgetBytes} is what
 * its OPEN indexes may hold in memory and {@code memoryUsedBytes} what they hold (-1: unknown).
 */
public record NodeInfo(String name, String url, String rpc, NodeState state, String version, long started,
                       long lastSeen, List<Integer> partitions, long heapUsedBytes, long heapMaxBytes,
                       long diskBytes, long diskFreeBytes, int openIndexes, double ingestRate, long lag,
                       List<Integer> replicas, List<Integer> handingOver, long memoryBudgetBytes,
                       long memoryUsedBytes) {

    public NodeInfo {
        partitions = List.copyOf(partitions);
        replicas = List.copyOf(replicas);
        handingOver = List.copyOf(handingOver);
    }
}
