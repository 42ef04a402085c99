package org.observer.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.cluster.rpc.RpcException;
import org.observer.config.ObserverConfig;
import org.observer.ingest.IngestProgress;
import org.observer.ingest.PartitionOwnership;
import org.observer.ingest.RefreshWaiter;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * {@code refresh=wait_for} on any node: waits here when this node serves the partition, else asks
 * the node that does, again and again until the deadline (the partition may move meanwhile).
 */
@ApplicationScoped
public class ClusterRefreshWaiter implements RefreshWaiter {

    private static final long ROUND_MS = 2_000;

    @Inject
    ObserverConfig config;

    @Inject
    PartitionOwnership ownership;

    @Inject
    IngestProgress progress;

    @Inject
    NodeRegistry registry;

    @Inject
    ClusterRpc rpc;

    @Override
    public boolean awaitSearchable(int partition, long offset, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            long round = Math.min(left, ROUND_MS);
            if (ownership.serves(partition)) {
                if (progress.awaitSearchable(partition, offset, round)) {
                    return true;
                }
                continue;
            }
            NodeView owner = registry.ownersByPartition().get(partition);
            if (owner == null || owner.name().equals(config.nodeName())) {
                Thread.sleep(Math.min(round, 100));
                continue;
            }
            byte[] request = ClusterCodec.encode(out -> {
                out.writeInt(partition);
                out.writeLong(offset);
                out.writeLong(round);
            });
            try {
                byte[] answer = rpc.call(owner.name(), ClusterRpc.AWAIT, request, Duration.ofMillis(round + 1000)).get();
                if (answer.length == 1 && answer[0] == 1) {
                    return true;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RpcException)) {
                    throw new IllegalStateException(e.getCause());
                }
                Thread.sleep(Math.min(round, 200)); // moved, or not reachable: look again
            }
        }
    }
}
