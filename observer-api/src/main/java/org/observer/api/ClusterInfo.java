package org.observer.api;

import java.util.List;

/**
 * What {@code GET /api/cluster} shows: every node this node knows of, sorted by name, and every
 * partition of {@code observer.ingest} with the node serving it.
 */
public record ClusterInfo(List<NodeInfo> nodes, List<PartitionOwner> partitions) {

    public ClusterInfo {
        nodes = List.copyOf(nodes);
        partitions = List.copyOf(partitions);
    }

    /**
     * {@code owner} is null while no UP or SUSPECT node announces the partition (during a
     * rebalance, or when every node is down); {@code lag} is null while the owner does not know it;
     * {@code replicas} names the nodes keeping standby copies of it.
     */
    public record PartitionOwner(int partition, String owner, Long lag, List<String> replicas) {

        public PartitionOwner {
            replicas = List.copyOf(replicas);
        }

        public PartitionOwner(int partition, String owner, Long lag) {
            this(partition, owner, lag, List.of());
        }
    }
}
