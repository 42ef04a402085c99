package org.observer.cluster;

import org.observer.api.ClusterInfo;
import org.observer.api.NodeInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the registry's views into what {@code GET /api/cluster} answers. A DOWN node is listed
 * with no partitions (its last announcement may still name some: {@link NodeView} keeps them).
 */
final class ClusterReport {

    private ClusterReport() {
    }

    /**
     * @param partitionCount partitions of observer.ingest as Kafka last said, or -1 while unknown
     *                       (then {@code fallbackCount}, the count this node would create it with);
     *                       partitions announced beyond it are listed too
     */
    static ClusterInfo of(List<NodeView> views, int partitionCount, int fallbackCount) {
        Map<Integer, NodeView> owners = NodeTable.owners(views);
        int count = partitionCount > 0 ? partitionCount : fallbackCount;
        for (NodeView view : views) {
            for (int p : view.partitions()) {
                count = Math.max(count, p + 1);
            }
        }
        List<NodeInfo> nodes = new ArrayList<>(views.size());
        for (NodeView v : views) {
            // a DOWN node serves nothing, whatever it announced last
            nodes.add(new NodeInfo(v.name(), v.url(), v.rpc(), v.state(), v.version(), v.started(), v.receivedAt(),
                    v.serving() ? v.partitions() : List.of(), v.heapUsedBytes(), v.heapMaxBytes(), v.diskBytes(),
                    v.diskFreeBytes(), v.openIndexes(), v.ingestRate(), v.serving() ? v.totalLag() : 0,
                    v.serving() ? v.replicas() : List.of(), v.serving() ? v.handingOver() : List.of(),
                    v.memoryBudgetBytes(), v.memoryUsedBytes()));
        }
        List<ClusterInfo.PartitionOwner> partitions = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            NodeView owner = owners.get(p);
            Long lag = owner == null ? null : owner.lag().get(p);
            List<String> replicas = new ArrayList<>();
            for (NodeView v : views) {
                if (v.serving() && v.replicas().contains(p) && (owner == null || !owner.name().equals(v.name()))) {
                    replicas.add(v.name());
                }
            }
            partitions.add(new ClusterInfo.PartitionOwner(p, owner == null ? null : owner.name(),
                    lag == null || lag < 0 ? null : lag, replicas));
        }
        return new ClusterInfo(nodes, partitions);
    }
}
