package org.observer.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.allocation.Allocation;
import org.observer.allocation.NodeReport;
import org.observer.api.OplogAction;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexManager;
import org.observer.index.StoreKey;
import org.observer.oplog.Oplog;
import org.observer.storage.StoreStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This node's side of the allocation: the report it joins the group with, and the roles the
 * group's leader gave it last (which partitions to own, which to keep standby copies of).
 */
@ApplicationScoped
public class PartitionRoles implements LoadAwareAssignor.Context {

    @Inject
    ObserverConfig config;

    @Inject
    IndexManager indexes;

    @Inject
    LogWriter writer;

    @Inject
    Oplog oplog;

    private volatile Allocation allocation;
    /** The decision before the last one: what this node's roles were when the last one came. */
    private volatile Allocation previous;
    private final Object changed = new Object();

    /** The leader's last decision as this node received it; null before the first. */
    public Allocation allocation() {
        return allocation;
    }

    /** The partitions the last decision gave this node standby copies of. */
    public Set<Integer> standby() {
        Allocation a = allocation;
        return a == null ? Set.of() : a.standbyOn(config.nodeName());
    }

    /** Waits up to {@code millis} for a new decision. */
    void awaitChange(long millis) throws InterruptedException {
        synchronized (changed) {
            changed.wait(millis);
        }
    }

    @Override
    public NodeReport report() {
        Map<Integer, Long> applied = new TreeMap<>();
        PartitionCheckpoints checkpoints = writer.checkpoints();
        for (int partition : checkpointed()) {
            OptionalLong offset = checkpoints.read(partition);
            if (offset.isPresent()) {
                applied.put(partition, offset.getAsLong());
            }
        }
        Map<Integer, Long> bytes = new HashMap<>();
        for (StoreKey key : indexes.allStores()) {
            StoreStats stats = indexes.knownStats(key.index(), key.partition());
            if (stats != null) {
                bytes.merge(key.partition(), stats.diskBytes(), Long::sum);
            }
        }
        Allocation last = allocation;
        String node = config.nodeName();
        Runtime runtime = Runtime.getRuntime();
        return new NodeReport(node, runtime.totalMemory() - runtime.freeMemory(), applied, bytes,
                indexes.lastMemoryByPartition(),
                last == null ? Set.of() : last.ownedBy(node), last == null ? Set.of() : last.standbyOn(node));
    }

    /** The partitions this node has a checkpoint of. */
    private Set<Integer> checkpointed() {
        Set<Integer> partitions = new java.util.TreeSet<>();
        Path dir = config.partitionsDir();
        if (!Files.isDirectory(dir)) {
            return partitions;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d{1,9}"))
                    .forEach(n -> partitions.add(Integer.parseInt(n)));
        } catch (IOException e) {
            // no report of copies: the allocator takes this node as holding none
        }
        return partitions;
    }

    @Override
    public int replicas() {
        return config.replicas();
    }

    @Override
    public void decided(Allocation decision, Map<String, NodeReport> reports) {
        StringBuilder inputs = new StringBuilder();
        new TreeMap<>(reports).forEach((node, report) -> inputs.append(inputs.isEmpty() ? "" : "; ").append(node)
                .append(": copies ").append(report.applied()).append(", bytes ").append(report.bytes())
                .append(", memory ").append(report.memory()).append(", heap ").append(report.heapUsed() >> 20).append(" MB"));
        oplog.record(OplogAction.ALLOCATED, "", "owners[standbys]: " + decision + " | reports: " + inputs);
    }

    /** True if the decision before the last one had this node keep a standby copy of {@code partition}. */
    public boolean wasStandby(int partition) {
        Allocation before = previous;
        return before != null && before.standbys().size() > partition
                && before.standbys().get(partition).contains(config.nodeName());
    }

    @Override
    public synchronized void received(Allocation decision) {
        if (decision.equals(allocation)) {
            return; // every processor of this node receives the same decision
        }
        previous = allocation;
        allocation = decision;
        synchronized (changed) {
            changed.notifyAll();
        }
    }
}
