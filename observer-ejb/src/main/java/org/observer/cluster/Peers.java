package org.observer.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.IndexNotFoundException;
import org.observer.api.InvalidRequestException;
import org.observer.api.ServiceUnavailableException;
import org.observer.cluster.rpc.RpcErrorKind;
import org.observer.cluster.rpc.RpcException;
import org.observer.config.ObserverConfig;
import org.observer.ingest.PartitionOwnership;
import org.observer.search.LocalSearch;
import org.observer.search.PartialResult;
import org.observer.search.SearchPlan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Scatter-gather: asks, for every partition of {@code observer.ingest}, the one node serving it
 * (this node directly, the others over RPC, all at once), and gathers their answers within the
 * deadline. A partition whose node did not answer is retried once on the node the registry names
 * then (it may have moved); what still has no answer is reported missing.
 */
@ApplicationScoped
public class Peers {

    private static final Logger LOG = Logger.getLogger(Peers.class.getName());
    /** How long a search waits for the other nodes. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    @Inject
    ObserverConfig config;

    @Inject
    NodeRegistry registry;

    @Inject
    PartitionOwnership ownership;

    @Inject
    LocalSearch local;

    @Inject
    ClusterRpc rpc;

    /** The answers, and the partitions none covered. */
    public record Gathered<T>(List<T> answers, List<Integer> missing, int total) {
    }

    /** Every partition's part of a search. */
    public Gathered<PartialResult> search(SearchPlan plan) {
        return gather(
                partitions -> local.search(plan, partitions),
                partitions -> ClusterCodec.encode(out -> ClusterCodec.writePlan(out, plan, partitions)),
                ClusterRpc.SEARCH, bytes -> ClusterCodec.decode(bytes, ClusterCodec::readResult),
                PartialResult::answered);
    }

    /** Every partition's oldest and newest log time among the indexes {@code pattern} names. */
    public Gathered<long[]> bounds(String pattern) {
        List<long[]> answers = new ArrayList<>();
        Gathered<Object[]> gathered = gather(
                partitions -> new Object[]{local.bounds(pattern, partitions), partitions},
                partitions -> ClusterCodec.encode(out -> {
                    ClusterCodec.writeString(out, pattern);
                    ClusterCodec.writeInts(out, partitions);
                }),
                ClusterRpc.BOUNDS, bytes -> ClusterCodec.decode(bytes, in -> new Object[]{
                        new long[]{in.readLong(), in.readLong()}, ClusterCodec.readInts(in)}),
                answer -> castInts(answer[1]));
        gathered.answers().forEach(answer -> answers.add((long[]) answer[0]));
        return new Gathered<>(answers, gathered.missing(), gathered.total());
    }

    @SuppressWarnings("unchecked")
    private static Set<Integer> castInts(Object o) {
        return (Set<Integer>) o;
    }

    private <T> Gathered<T> gather(Function<Set<Integer>, T> localCall, Function<Set<Integer>, byte[]> request,
                                   String method, Function<byte[], T> decode, Function<T, Set<Integer>> answeredOf) {
        int total = registry.partitionCount();
        Set<Integer> wanted = new TreeSet<>();
        for (int p = 0; p < total; p++) {
            wanted.add(p);
        }
        List<T> answers = new ArrayList<>();
        Map<Integer, String> asked = new HashMap<>();
        for (int attempt = 0; attempt < 2 && !wanted.isEmpty(); attempt++) {
            Map<String, Set<Integer>> plan = plan(wanted);
            if (attempt > 0 && plan.entrySet().stream().allMatch(e -> e.getValue().stream()
                    .allMatch(p -> e.getKey().equals(asked.get(p))))) {
                break; // the same nodes again: they would not answer better
            }
            plan.forEach((node, partitions) -> partitions.forEach(p -> asked.put(p, node)));
            Map<String, CompletableFuture<byte[]>> calls = new LinkedHashMap<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            for (Map.Entry<String, Set<Integer>> entry : plan.entrySet()) {
                if (!entry.getKey().equals(config.nodeName())) {
                    calls.put(entry.getKey(), rpc.call(entry.getKey(), method, request.apply(entry.getValue()), DEADLINE));
                }
            }
            Set<Integer> mine = plan.get(config.nodeName());
            if (mine != null) {
                T answer = localCall.apply(mine);
                answers.add(answer);
                wanted.removeAll(answeredOf.apply(answer));
            }
            for (Map.Entry<String, CompletableFuture<byte[]>> call : calls.entrySet()) {
                try {
                    long left = Math.max(1, deadline - System.nanoTime());
                    T answer = decode.apply(call.getValue().get(left, TimeUnit.NANOSECONDS));
                    answers.add(answer);
                    wanted.removeAll(answeredOf.apply(answer));
                } catch (ExecutionException e) {
                    rethrowClientError(e.getCause());
                    LOG.warning(() -> "Node " + call.getKey() + " did not answer " + method + ": " + e.getCause());
                } catch (TimeoutException e) {
                    call.getValue().cancel(true);
                    LOG.warning(() -> "Node " + call.getKey() + " did not answer " + method + " within " + DEADLINE.toSeconds() + " s");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    calls.values().forEach(c -> c.cancel(true));
                    throw new ServiceUnavailableException("the search was interrupted", 1, e);
                }
            }
        }
        return new Gathered<>(answers, List.copyOf(wanted), total);
    }

    /** Node name → the partitions to ask it for: this node for those it serves, else the registry's owner. */
    Map<String, Set<Integer>> plan(Set<Integer> partitions) {
        Map<Integer, NodeView> owners = registry.ownersByPartition();
        Map<String, Set<Integer>> plan = new TreeMap<>();
        for (int partition : partitions) {
            String node = null;
            if (ownership.serves(partition)) {
                node = config.nodeName();
            } else {
                NodeView owner = owners.get(partition);
                if (owner != null && !owner.name().equals(config.nodeName())) {
                    node = owner.name();
                }
            }
            if (node != null) {
                plan.computeIfAbsent(node, n -> new TreeSet<>()).add(partition);
            }
        }
        return plan;
    }

    /** A request the other node refused as the client's mistake is the client's mistake here too. */
    static void rethrowClientError(Throwable cause) {
        if (cause instanceof RpcException e) {
            if (e.kind() == RpcErrorKind.INVALID_REQUEST) {
                throw new InvalidRequestException(e.getMessage());
            }
        }
    }

    /** Maps a remote NOT_FOUND to the 404 it was. */
    static RuntimeException translate(RpcException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> new IndexNotFoundException(e.getMessage().replaceFirst("^no such index: ", ""));
            case INVALID_REQUEST -> new InvalidRequestException(e.getMessage());
            default -> new ServiceUnavailableException("node " + e.peer() + " did not answer: " + e.getMessage(), 2, e);
        };
    }
}
