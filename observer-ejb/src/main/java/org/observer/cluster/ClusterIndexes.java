package org.observer.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.observer.api.IndexInfo;
import org.observer.api.IndexNotFoundException;
import org.observer.api.IndexService;
import org.observer.api.ServiceUnavailableException;
import org.observer.api.SnapshotInfo;
import org.observer.cluster.rpc.RpcErrorKind;
import org.observer.cluster.rpc.RpcException;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexInfos;
import org.observer.index.IndexManager;
import org.observer.index.IndexSnapshots;
import org.observer.index.IndexNames;
import org.observer.index.StoreKey;
import org.observer.ingest.PartitionOwnership;
import org.observer.kafka.KafkaSettings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The indexes of the whole cluster: every node lists and acts on the stores of the partitions it
 * serves, and the node that received the request adds the answers up, one entry per index. An
 * action (close, open, compact, delete, snapshot) goes to every node, and each does it to its part.
 */
@ApplicationScoped
public class ClusterIndexes implements IndexService {

    private static final Logger LOG = Logger.getLogger(ClusterIndexes.class.getName());

    @Inject
    ObserverConfig config;

    @Inject
    IndexManager indexes;

    @Inject
    IndexSnapshots snapshots;

    @Inject
    PartitionOwnership ownership;

    @Inject
    ClusterRpc rpc;

    @Inject
    NodeRegistry registry;

    @Inject
    org.observer.ingest.LogWriter writer;

    @Override
    public List<IndexInfo> list() {
        Map<String, List<IndexInfo>> byName = new TreeMap<>();
        for (byte[] answer : everyNode(ClusterRpc.INDEXES, new byte[0], () ->
                ClusterCodec.encode(out -> ClusterCodec.writeInfos(out, indexes.list(ownership.owned()))))) {
            for (IndexInfo info : ClusterCodec.decode(answer, ClusterCodec::readInfos)) {
                byName.computeIfAbsent(info.name(), n -> new ArrayList<>()).add(info);
            }
        }
        List<IndexInfo> merged = new ArrayList<>();
        byName.values().forEach(parts -> merged.add(IndexInfos.merge(parts)));
        return merged;
    }

    @Override
    public IndexInfo get(String name) {
        return merged(act("get", name));
    }

    @Override
    public IndexInfo close(String name) {
        return merged(act("close", name));
    }

    @Override
    public IndexInfo open(String name) {
        return merged(act("open", name));
    }

    @Override
    public IndexInfo compact(String name) {
        return merged(act("compact", name));
    }

    /**
     * Deletes the index on its owners and drops the standby copies, all through the same offsets:
     * each partition's end as this node reads it now (a delete covers every log posted before it).
     */
    @Override
    public void delete(String name) {
        List<Integer> partitions = new ArrayList<>();
        for (int p = 0; p < registry.partitionCount(); p++) {
            partitions.add(p);
        }
        StringBuilder action = new StringBuilder(DELETE_THROUGH);
        endOffsets(partitions).forEach((p, end) -> action.append(p).append(':').append(end).append(','));
        act(action.toString(), name);
    }

    /** A delete's action: {@code delete@<partition>:<last offset covered>,...}. */
    private static final String DELETE_THROUGH = "delete@";

    @Override
    public SnapshotInfo snapshot(String name) {
        List<SnapshotInfo> taken = snapshots(act("snapshot", name));
        return taken.get(0);
    }

    @Override
    public List<SnapshotInfo> snapshots(String name) {
        IndexNames.requireValid(name);
        List<SnapshotInfo> all = new ArrayList<>();
        for (byte[] answer : everyNode(ClusterRpc.INDEX_ACTION, request("snapshots", name), () -> actLocally("snapshots", name))) {
            all.addAll(ClusterCodec.decode(answer, ClusterCodec::readSnapshots));
        }
        all.sort(java.util.Comparator.comparing(SnapshotInfo::snapshot));
        return all;
    }

    /** Runs {@code action} on this node's stores of {@code name} (those of the partitions it serves). */
    public byte[] actLocally(String action, String name) {
        Set<Integer> mine = ownership.owned();
        if (action.startsWith(DELETE_THROUGH)) {
            return deleteLocally(name, mine, action.substring(DELETE_THROUGH.length()));
        }
        return switch (action) {
            case "get" -> infos(List.of(indexes.get(name, mine)));
            case "close" -> infos(List.of(indexes.close(name, mine)));
            case "open" -> infos(List.of(indexes.open(name, mine)));
            case "compact" -> infos(List.of(indexes.compact(name, mine)));
            case "delete" -> {
                indexes.delete(name, mine, endOffsets(indexes.stores(name, mine).stream().map(k -> k.partition()).toList()));
                yield infos(List.of());
            }
            case "snapshot" -> ClusterCodec.encode(out -> ClusterCodec.writeSnapshots(out, List.of(snapshots.take(name, mine))));
            case "snapshots" -> ClusterCodec.encode(out -> ClusterCodec.writeSnapshots(out, snapshots.list(name)));
            default -> throw new IllegalArgumentException("unknown index action " + action);
        };
    }

    /** Deletes this node's stores of the index and drops its standby copies of it; 404 if it holds neither. */
    private byte[] deleteLocally(String name, Set<Integer> mine, String throughList) {
        Map<Integer, Long> through = new HashMap<>();
        for (String entry : throughList.split(",")) {
            if (!entry.isEmpty()) {
                String[] parts = entry.split(":");
                through.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
        }
        boolean held = false;
        List<StoreKey> owned = indexes.stores(name, mine);
        if (!owned.isEmpty()) {
            Map<Integer, Long> ends = new HashMap<>();
            owned.forEach(k -> ends.put(k.partition(), through.getOrDefault(k.partition(), -1L)));
            ends.values().removeIf(end -> end < 0);
            indexes.delete(name, mine, ends);
            held = true;
        }
        for (StoreKey copy : indexes.stores(name, through.keySet())) {
            if (!mine.contains(copy.partition()) && ownership.keepsCopy(copy.partition())) {
                writer.dropDeletedCopy(name, copy.partition(), through.get(copy.partition()));
                held = true;
            }
        }
        if (!held) {
            throw new IndexNotFoundException(name);
        }
        return infos(List.of());
    }

    private static byte[] infos(List<IndexInfo> infos) {
        return ClusterCodec.encode(out -> ClusterCodec.writeInfos(out, infos));
    }

    private static IndexInfo merged(List<byte[]> answers) {
        List<IndexInfo> parts = new ArrayList<>();
        answers.forEach(answer -> parts.addAll(ClusterCodec.decode(answer, ClusterCodec::readInfos)));
        return IndexInfos.merge(parts);
    }

    private static List<SnapshotInfo> snapshots(List<byte[]> answers) {
        List<SnapshotInfo> all = new ArrayList<>();
        answers.forEach(answer -> all.addAll(ClusterCodec.decode(answer, ClusterCodec::readSnapshots)));
        return all;
    }

    /** The answers of the nodes holding part of the index; none holding any is a 404, a name no index can have a 400. */
    private List<byte[]> act(String action, String name) {
        IndexNames.requireValid(name);
        List<byte[]> answers = everyNode(ClusterRpc.INDEX_ACTION, request(action, name), () -> actLocally(action, name));
        if (answers.isEmpty()) {
            throw new IndexNotFoundException(name);
        }
        return answers;
    }

    private static byte[] request(String action, String name) {
        return ClusterCodec.encode(out -> {
            ClusterCodec.writeString(out, action);
            ClusterCodec.writeString(out, name);
        });
    }

    /**
     * Asks every live node (this one directly); a node answering 404 has no part of it and is left
     * out; a node that cannot answer makes the whole request a 503 rather than a silently partial one.
     */
    private List<byte[]> everyNode(String method, byte[] request, java.util.function.Supplier<byte[]> here) {
        Map<String, CompletableFuture<byte[]>> calls = new HashMap<>();
        for (String node : rpc.liveNodes()) {
            if (!node.equals(config.nodeName())) {
                calls.put(node, rpc.call(node, method, request, Peers.DEADLINE));
            }
        }
        List<byte[]> answers = new ArrayList<>();
        try {
            answers.add(here.get());
        } catch (RuntimeException e) {
            if (!(ClientErrors.unwrapped(e) instanceof IndexNotFoundException)) {
                throw ClientErrors.unwrapped(e);
            } // else no part of it here
        }
        for (Map.Entry<String, CompletableFuture<byte[]>> call : calls.entrySet()) {
            try {
                answers.add(call.getValue().get(Peers.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RpcException r) {
                    if (r.kind() == RpcErrorKind.NOT_FOUND) {
                        continue;
                    }
                    throw Peers.translate(r);
                }
                throw new ServiceUnavailableException("node " + call.getKey() + " failed: " + e.getCause(), 2, e.getCause());
            } catch (TimeoutException e) {
                call.getValue().cancel(true);
                throw new ServiceUnavailableException("node " + call.getKey() + " did not answer in time", 2, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceUnavailableException("interrupted", 1, e);
            }
        }
        return answers;
    }

    /** The end of each partition now: a delete covers every log posted before it. */
    private Map<Integer, Long> endOffsets(List<Integer> partitions) {
        Map<Integer, Long> ends = new HashMap<>();
        if (partitions.isEmpty()) {
            return ends;
        }
        Map<TopicPartition, OffsetSpec> asked = new HashMap<>();
        partitions.forEach(p -> asked.put(new TopicPartition(ObserverConfig.INGEST_TOPIC, p), OffsetSpec.latest()));
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin.listOffsets(asked).all().get(10, TimeUnit.SECONDS);
            answer.forEach((tp, info) -> ends.put(tp.partition(), info.offset() - 1));
        } catch (Exception e) {
            LOG.warning(() -> "Could not read the partitions' ends for a delete (" + e + "); a later replay may bring its logs back");
        }
        return ends;
    }
}
