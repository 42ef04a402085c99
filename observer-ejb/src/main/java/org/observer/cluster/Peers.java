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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Scatter-gather: asks, for every partition of {@code observer.ingest}, one node holding a copy of
 * it, its owner's or a standby's (this node directly when it has one, the others over RPC, all at
 * once, as few of them as cover every partition), and gathers their answers within the deadline.
 * A partition whose node failed is asked again of a copy not tried yet; one whose node has not
 * answered within a third of the deadline is asked of another copy too, and the first answer wins.
 * What still has no answer at the deadline is reported missing.
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
        Map<Integer, Set<String>> tried = new HashMap<>();
        List<Call> pending = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + DEADLINE.toNanos();
        long hedgeAt = start + HEDGE_AFTER.toNanos();
        Asking<T> asking = new Asking<>(localCall, request, method, answeredOf, wanted, answers, tried, pending);
        int rounds = 1;
        boolean hedged = false;
        Set<Integer> noCopyLeft = new TreeSet<>();
        long noCopySince = -1;
        boolean lookingAgain = false;
        try {
            ask(asking, wanted, deadline);
            while (!wanted.isEmpty()) {
                for (java.util.Iterator<Call> it = pending.iterator(); it.hasNext(); ) {
                    Call call = it.next();
                    if (call.future().isDone()) {
                        it.remove();
                        take(asking, call, decode);
                    }
                }
                long now = System.nanoTime();
                if (wanted.isEmpty() || now >= deadline) {
                    break;
                }
                Set<Integer> uncovered = new TreeSet<>(wanted);
                pending.forEach(call -> uncovered.removeAll(call.partitions()));
                uncovered.removeAll(noCopyLeft);
                if (!uncovered.isEmpty() && rounds < ATTEMPTS) {
                    // a copy failed or declined: ask another now
                    Set<Integer> asked = ask(asking, uncovered, deadline);
                    if (!asked.isEmpty() && !lookingAgain) {
                        rounds++;
                        noCopySince = -1;
                    } else if (!asked.isEmpty()) {
                        // Looking again within the no-copy wait is not another attempt: a copy that
                        // declines every time would otherwise use up the attempts in a few polls,
                        // long before the new owner is announced.
                        lookingAgain = false;
                    } else if (noCopySince < 0 || now - noCopySince < NO_COPY_WAIT.toNanos()) {
                        // No copy known this moment: in a rebalance (a node stopping, one joining) the
                        // new owner is known within one announcement, so look again shortly rather
                        // than answer partial at once.
                        if (noCopySince < 0) {
                            noCopySince = now;
                        }
                        TimeUnit.MILLISECONDS.sleep(NO_COPY_POLL_MS);
                        tried.keySet().removeAll(uncovered); // a copy that declined may serve them by now
                        lookingAgain = true;
                    } else {
                        noCopyLeft.addAll(uncovered);
                    }
                    continue;
                }
                if (!hedged && now >= hedgeAt && !pending.isEmpty() && rounds < ATTEMPTS) {
                    hedged = true;
                    rounds++;
                    Set<Integer> slow = new TreeSet<>();
                    pending.forEach(call -> slow.addAll(call.partitions()));
                    slow.retainAll(wanted);
                    LOG.info(() -> "Partitions " + slow + " not answered within " + HEDGE_AFTER.toMillis()
                            + " ms: asking other copies too");
                    ask(asking, slow, deadline); // past its share of the deadline: another copy races it
                    continue;
                }
                if (pending.isEmpty()) {
                    break;
                }
                long until = hedged || rounds >= ATTEMPTS ? deadline : Math.min(deadline, hedgeAt);
                try {
                    CompletableFuture.anyOf(pending.stream().map(Call::future).toArray(CompletableFuture[]::new))
                            .get(Math.max(1, until - now), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException | java.util.concurrent.CancellationException e) {
                    // looked at in the next turn
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("the search was interrupted", 1, e);
        } finally {
            pending.forEach(call -> {
                if (call.future().cancel(true)) {
                    LOG.warning(() -> "Node " + call.node() + " did not answer " + method + " for partitions "
                            + call.partitions() + " in time");
                }
            });
        }
        if (!wanted.isEmpty()) {
            Map<Integer, Set<String>> asked = new TreeMap<>(tried);
            asked.keySet().retainAll(wanted);
            LOG.info(() -> "No copy answered " + method + " for partitions " + wanted + " (copies asked: " + asked
                    + "): the answer is partial");
        }
        return new Gathered<>(answers, List.copyOf(wanted), total);
    }

    /** One call to another node for some partitions. */
    private record Call(String node, Set<Integer> partitions, CompletableFuture<byte[]> future) {
    }

    /** What one scatter-gather works with. */
    private record Asking<T>(Function<Set<Integer>, T> localCall, Function<Set<Integer>, byte[]> request, String method,
                             Function<T, Set<Integer>> answeredOf, Set<Integer> wanted, List<T> answers,
                             Map<Integer, Set<String>> tried, List<Call> pending) {
    }

    /** Asks a copy not tried yet of each of {@code partitions}: the others at once, then this node itself. */
    private <T> Set<Integer> ask(Asking<T> asking, Set<Integer> partitions, long deadline) {
        Map<String, Set<Integer>> plan = plan(partitions, asking.tried());
        Set<Integer> asked = new TreeSet<>();
        plan.values().forEach(asked::addAll);
        plan.forEach((node, set) -> set.forEach(p -> asking.tried().computeIfAbsent(p, k -> new HashSet<>()).add(node)));
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        for (Map.Entry<String, Set<Integer>> entry : plan.entrySet()) {
            if (!entry.getKey().equals(config.nodeName())) {
                asking.pending().add(new Call(entry.getKey(), entry.getValue(), timed(entry.getKey(),
                        rpc.call(entry.getKey(), asking.method(), asking.request().apply(entry.getValue()), left))));
            }
        }
        Set<Integer> mine = plan.get(config.nodeName());
        if (mine != null) {
            accept(asking, asking.localCall().apply(mine));
        }
        return asked;
    }

    private <T> void take(Asking<T> asking, Call call, Function<byte[], T> decode) {
        try {
            accept(asking, decode.apply(call.future().join()));
        } catch (java.util.concurrent.CompletionException e) {
            rethrowClientError(e.getCause());
            LOG.warning(() -> "Node " + call.node() + " did not answer " + asking.method() + ": " + e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            // given up on
        }
    }

    /**
     * Counts an answer unless another copy answered one of its partitions first (a race after a
     * hedge): each partition is counted from one copy only, never twice.
     */
    private static <T> void accept(Asking<T> asking, T answer) {
        Set<Integer> answered = asking.answeredOf().apply(answer);
        if (asking.wanted().containsAll(answered)) {
            asking.answers().add(answer);
            asking.wanted().removeAll(answered);
        }
    }

    /** A call still running after this share of the deadline races a call to another copy. */
    static final Duration HEDGE_AFTER = Duration.ofMillis(DEADLINE.toMillis() / 3);

    /**
     * How long a partition with no copy known is looked for again before the answer says it is
     * missing: a node announces its partitions every {@link NodeStates#INTERVAL_MS} ms.
     */
    static final Duration NO_COPY_WAIT = Duration.ofMillis(NodeStates.INTERVAL_MS + 500);
    private static final long NO_COPY_POLL_MS = 50;

        /** Asks, for each partition, a copy not tried yet: the owner and one standby, then another. */
    private static final int ATTEMPTS = 3;

    /** Per node: calls in flight and a moving average of their time, to pick between copies. */
    private final Map<String, CallStats> stats = new ConcurrentHashMap<>();

    private static final class CallStats {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile double averageNanos = 1_000_000;

        double score() {
            return averageNanos * (1 + inFlight.get());
        }
    }

    private CompletableFuture<byte[]> timed(String node, CompletableFuture<byte[]> call) {
        CallStats s = stats.computeIfAbsent(node, n -> new CallStats());
        s.inFlight.incrementAndGet();
        long start = System.nanoTime();
        call.whenComplete((answer, error) -> {
            s.inFlight.decrementAndGet();
            long nanos = System.nanoTime() - start;
            s.averageNanos = error == null ? s.averageNanos * 0.8 + nanos * 0.2 : s.averageNanos * 2; // a failure counts against it
        });
        return call;
    }

    /**
     * Node name → the partitions to ask it for, one copy per partition: this node for every
     * partition it answers for itself (served or a caught-up standby copy), then, among the other
     * nodes holding the owner's or a standby's copy of the rest and not tried yet for it, the node
     * covering most of them (fewest calls), the one with the best recent time and fewest calls in
     * flight at a tie. Partitions no such copy covers go, as a last resort, to a node handing them
     * over (given up in a rebalance, answering as they stand), this one first.
     */
    Map<String, Set<Integer>> plan(Set<Integer> partitions, Map<Integer, Set<String>> tried) {
        Map<String, Set<Integer>> held = new HashMap<>();
        Map<String, Set<Integer>> handingOver = new HashMap<>();
        for (NodeView view : registry.nodes()) {
            if (view.serving() && !view.name().equals(config.nodeName())) {
                Set<Integer> copies = new TreeSet<>(view.partitions());
                copies.addAll(view.replicas());
                held.put(view.name(), copies);
                handingOver.put(view.name(), new TreeSet<>(view.handingOver()));
            }
        }
        return plan(partitions, config.nodeName(), p -> ownership.answers(p) && !ownership.handsOver(p), held,
                ownership::handsOver, handingOver, tried, this::score);
    }

    /**
     * {@link #plan(Set, Map)} on given facts: {@code held} maps the other live nodes to the
     * partitions they hold copies of, {@code handingOver} to those they hand over.
     */
    static Map<String, Set<Integer>> plan(Set<Integer> partitions, String self, java.util.function.IntPredicate answersHere,
                                         Map<String, Set<Integer>> held, java.util.function.IntPredicate handsOverHere,
                                         Map<String, Set<Integer>> handingOver, Map<Integer, Set<String>> tried,
                                         java.util.function.ToDoubleFunction<String> score) {
        Map<String, Set<Integer>> plan = new TreeMap<>();
        Set<Integer> remaining = new TreeSet<>(partitions);
        takeHere(plan, remaining, self, answersHere, tried);
        cover(plan, remaining, held, tried, score);
        takeHere(plan, remaining, self, handsOverHere, tried);
        cover(plan, remaining, handingOver, tried, score);
        return plan;
    }

    /** Gives this node the remaining partitions it answers for as {@code here} says and was not tried for. */
    private static void takeHere(Map<String, Set<Integer>> plan, Set<Integer> remaining, String self,
                                 java.util.function.IntPredicate here, Map<Integer, Set<String>> tried) {
        for (java.util.Iterator<Integer> it = remaining.iterator(); it.hasNext(); ) {
            int partition = it.next();
            if (here.test(partition) && !tried.getOrDefault(partition, Set.of()).contains(self)) {
                plan.computeIfAbsent(self, n -> new TreeSet<>()).add(partition);
                it.remove();
            }
        }
    }

    /** Covers what it can of {@code remaining} with the fewest of the {@code held} nodes. */
    private static void cover(Map<String, Set<Integer>> plan, Set<Integer> remaining, Map<String, Set<Integer>> held,
                              Map<Integer, Set<String>> tried, java.util.function.ToDoubleFunction<String> score) {
        Map<String, Set<Integer>> copies = new TreeMap<>(); // node → the remaining partitions it may answer
        held.forEach((node, copiesOf) -> {
            Set<Integer> mayAnswer = new TreeSet<>(copiesOf);
            mayAnswer.retainAll(remaining);
            mayAnswer.removeIf(p -> tried.getOrDefault(p, Set.of()).contains(node));
            if (!mayAnswer.isEmpty()) {
                copies.put(node, mayAnswer);
            }
        });
        while (!remaining.isEmpty()) {
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Set<Integer>> entry : copies.entrySet()) {
                Set<Integer> covered = new TreeSet<>(entry.getValue());
                covered.retainAll(remaining);
                int count = covered.size();
                if (count > bestCount || (count == bestCount && count > 0
                        && score.applyAsDouble(entry.getKey()) < score.applyAsDouble(best))) {
                    best = entry.getKey();
                    bestCount = count;
                }
            }
            if (best == null) {
                return; // no copy of the rest is known here
            }
            Set<Integer> covered = new TreeSet<>(copies.remove(best));
            covered.retainAll(remaining);
            plan.computeIfAbsent(best, n -> new TreeSet<>()).addAll(covered); // one call per node
            remaining.removeAll(covered);
        }
    }

    private double score(String node) {
        CallStats s = node == null ? null : stats.get(node);
        return s == null ? 0 : s.score();
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
