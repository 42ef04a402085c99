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
 * the node that does, again and again until the deadline (the partition may move meanwhile); then
 * waits for the partition's standby copies.
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
        if (!awaitOwner(partition, offset, deadline)) {
            return false;
        }
        awaitCopies(partition, offset, deadline);
        return true;
    }

    /**
     * Searches may be answered by a standby copy, so the write should be searchable there too (as
     * Elasticsearch's wait_for waits for every copy's refresh): waits for each copy the registry
     * knows, until the deadline. A copy that does not confirm in time does not fail the request:
     * the owner has the logs, and a copy answers only while it has applied all its last fetch saw.
     */
    private void awaitCopies(int partition, long offset, long deadline) throws InterruptedException {
        for (NodeView copy : registry.nodes()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            if (!copy.serving() || !copy.replicas().contains(partition)) {
                continue;
            }
            if (copy.name().equals(config.nodeName())) {
                if (ownership.keepsCopy(partition)) {
                    progress.awaitSearchable(partition, offset, left);
                }
                continue;
            }
            try {
                rpc.call(copy.name(), ClusterRpc.AWAIT, request(partition, offset, left), Duration.ofMillis(left + 1000)).get();
            } catch (ExecutionException e) {
                // not a copy any more, or not reachable: its answers do not count then
            }
        }
    }

    private boolean awaitOwner(int partition, long offset, long deadline) throws InterruptedException {
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
            try {
                byte[] answer = rpc.call(owner.name(), ClusterRpc.AWAIT, request(partition, offset, round),
                        Duration.ofMillis(round + 1000)).get();
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

    private static byte[] request(int partition, long offset, long waitMillis) {
        return ClusterCodec.encode(out -> {
            out.writeInt(partition);
            out.writeLong(offset);
            out.writeLong(waitMillis);
        });
    }
}
