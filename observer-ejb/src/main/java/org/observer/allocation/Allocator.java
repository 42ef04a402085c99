package org.observer.allocation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Decides which node owns each partition and which nodes keep standby copies, from what the nodes
 * report. Run by one node at a time (the group's leader), so the decision needs no agreement.
 *
 * <ul>
 * <li><b>Sticky.</b> A partition stays with its owner while that node lives; a dead owner's partition
 * goes to the node with the most advanced copy (its standby: a promotion, not a replay).</li>
 * <li><b>Balanced by load.</b> A partition weighs one plus its MiB on disk and in memory (see
 * {@link #weights}); partitions move to the
 * lightest node (from the heaviest that has one to give) while the heaviest carries more than
 * {@value #BALANCE} times the lightest, choosing the move that evens the two best (and, at equal weight, one the lightest
 * holds a copy of). At most ⌈P/N⌉ owned partitions move in one decision per node that joins (owns
 * nothing yet), so a join moves no more than its share.</li>
 * <li><b>Copies apart.</b> Each partition gets min(replicas, nodes − 1) standbys, never on its owner,
 * never two on one node; standbys are sticky and balanced the same way.</li>
 * </ul>
 */
public final class Allocator {

    /** The heaviest node may carry this many times the lightest's load before partitions move. */
    public static final double BALANCE = 1.25;
    private static final long WEIGHT_UNIT_BYTES = 1 << 20;

    private Allocator() {
    }

    /**
     * A partition's weight: one, plus a unit per MiB its largest copy holds on disk and per MiB its
     * OPEN indexes hold in memory where they hold most (a partition of busy indexes weighs more
     * than one of the same size whose indexes are closed).
     */
    public static long[] weights(int partitions, Collection<NodeReport> reports) {
        long[] weight = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            long bytes = 0;
            long memory = 0;
            for (NodeReport report : reports) {
                bytes = Math.max(bytes, report.bytes().getOrDefault(p, 0L));
                memory = Math.max(memory, report.memory().getOrDefault(p, 0L));
            }
            weight[p] = 1 + (bytes + memory) / WEIGHT_UNIT_BYTES;
        }
        return weight;
    }

    /**
     * @param nodes      the live nodes
     * @param partitions how many partitions to place
     * @param replicas   standby copies wanted per partition
     * @param reports    node name → its report (a live node without one is taken as empty)
     */
    public static Allocation allocate(Collection<String> nodes, int partitions, int replicas, Map<String, NodeReport> reports) {
        List<String> live = new ArrayList<>(new TreeSet<>(nodes));
        Map<String, NodeReport> known = new HashMap<>();
        for (String node : live) {
            known.put(node, reports.getOrDefault(node, NodeReport.empty(node)));
        }
        long[] weight = weights(partitions, known.values());
        String[] owners = new String[partitions];
        List<List<String>> standbys = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            standbys.add(new ArrayList<>());
        }
        if (live.isEmpty()) {
            return new Allocation(java.util.Arrays.asList(owners), standbys);
        }

        // Owners: keep the live ones (the most advanced copy wins if two claim a partition).
        Map<String, Long> load = new HashMap<>();
        live.forEach(node -> load.put(node, 0L));
        List<Integer> orphans = new ArrayList<>();
        boolean[] hadOwner = new boolean[partitions];
        for (int p = 0; p < partitions; p++) {
            String claimant = null;
            for (String node : live) {
                if (known.get(node).owned().contains(p) && (claimant == null
                        || known.get(node).appliedOf(p) > known.get(claimant).appliedOf(p))) {
                    claimant = node;
                }
            }
            if (claimant != null) {
                owners[p] = claimant;
                hadOwner[p] = true;
                load.merge(claimant, weight[p], Long::sum);
            } else {
                orphans.add(p);
            }
        }
        // Orphans, heaviest first: to the most advanced copy, else to the lightest node.
        orphans.sort(Comparator.comparingLong((Integer p) -> -weight[p]).thenComparing(p -> p));
        boolean[] promoted = new boolean[partitions];
        for (int p : orphans) {
            String best = mostAdvancedCopy(p, live, known, null);
            promoted[p] = best != null;
            if (best == null) {
                best = lightest(live, load, node -> true);
            }
            owners[p] = best;
            load.merge(best, weight[p], Long::sum);
        }
        // A promoted copy moves on in this decision only to another copy: elsewhere it would cost the replay it spared.
        // Each node that owned nothing (a join) may take its share from the others, and no more.
        int joined = 0;
        for (String node : live) {
            if (known.get(node).owned().isEmpty()) {
                joined++;
            }
        }
        int maxMoves = Math.max(1, joined) * ((partitions + live.size() - 1) / live.size());
        balance(live, load, weight, maxMoves, owners.length, (p, node) -> node.equals(owners[p]),
                (p, node) -> known.get(node).appliedOf(p) >= 0, (p, from, to) -> owners[p] = to,
                p -> hadOwner[p], (p, node) -> !promoted[p] || known.get(node).appliedOf(p) >= 0);

        // Standbys: keep the live ones that are not the owner, then add copies up to the count.
        int copies = Math.min(replicas, live.size() - 1);
        Map<String, Long> standbyLoad = new HashMap<>();
        live.forEach(node -> standbyLoad.put(node, 0L));
        if (copies > 0) {
            boolean[] hadStandby = new boolean[partitions];
            for (int p = 0; p < partitions; p++) {
                List<String> kept = standbys.get(p);
                for (String node : live) {
                    if (known.get(node).standby().contains(p) && !node.equals(owners[p])) {
                        kept.add(node);
                    }
                }
                int partition = p;
                kept.sort(Comparator.comparingLong((String node) -> -known.get(node).appliedOf(partition))
                        .thenComparing(node -> node));
                while (kept.size() > copies) {
                    kept.remove(kept.size() - 1);
                }
                hadStandby[p] = !kept.isEmpty();
                kept.forEach(node -> standbyLoad.merge(node, weight[partition], Long::sum));
            }
            List<Integer> byWeight = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                byWeight.add(p);
            }
            byWeight.sort(Comparator.comparingLong((Integer p) -> -weight[p]).thenComparing(p -> p));
            for (int p : byWeight) {
                List<String> kept = standbys.get(p);
                while (kept.size() < copies) {
                    String owner = owners[p];
                    String best = mostAdvancedCopy(p, live, known, node -> !node.equals(owner) && !kept.contains(node));
                    if (best == null) {
                        best = lightest(live, standbyLoad, node -> !node.equals(owner) && !kept.contains(node));
                    }
                    kept.add(best);
                    standbyLoad.merge(best, weight[p], Long::sum);
                }
            }
            balance(live, standbyLoad, weight, (partitions * copies + live.size() - 1) / live.size(), partitions,
                    (p, node) -> standbys.get(p).contains(node),
                    (p, node) -> known.get(node).appliedOf(p) >= 0,
                    (p, from, to) -> standbys.get(p).set(standbys.get(p).indexOf(from), to),
                    p -> hadStandby[p], (p, node) -> !node.equals(owners[p]) && !standbys.get(p).contains(node));
        }
        standbys.forEach(list -> list.sort(null)); // a set: one order, so equal decisions compare equal
        return new Allocation(java.util.Arrays.asList(owners), standbys);
    }

    private interface Holds {
        boolean test(int partition, String node);
    }

    private interface Move {
        void apply(int partition, String from, String to);
    }

    private interface Counted {
        boolean test(int partition);
    }

    /**
     * Moves partitions to the lightest node, from the heaviest node that has one to give, until the
     * heaviest carries at most {@link #BALANCE} times the lightest, no move helps, or
     * {@code maxMoves} counted moves were made. A move of less than the gap between the two nodes
     * lowers the sum of squared loads, so this ends.
     */
    private static void balance(List<String> live, Map<String, Long> load, long[] weight, int maxMoves, int partitions,
                                Holds holds, Holds hasCopy, Move move, Counted counted, Holds mayTake) {
        int moves = 0;
        while (moves < maxMoves) {
            List<String> byLoad = new ArrayList<>(live);
            byLoad.sort(Comparator.comparingLong((String node) -> -load.get(node)).thenComparing(node -> node));
            String lightest = byLoad.get(byLoad.size() - 1);
            long min = load.get(lightest);
            if (load.get(byLoad.get(0)) <= BALANCE * min) {
                return;
            }
            boolean moved = false;
            for (String donor : byLoad) {
                long gap = load.get(donor) - min;
                if (load.get(donor) <= BALANCE * min || gap <= 0) {
                    break;
                }
                int best = -1;
                for (int p = 0; p < partitions; p++) {
                    if (!holds.test(p, donor) || weight[p] >= gap || !mayTake.test(p, lightest)) {
                        continue;
                    }
                    long off = Math.abs(gap - 2 * weight[p]);
                    long bestOff = best < 0 ? Long.MAX_VALUE : Math.abs(gap - 2 * weight[best]);
                    if (off < bestOff || (off == bestOff && hasCopy.test(p, lightest) && !hasCopy.test(best, lightest))) {
                        best = p;
                    }
                }
                if (best >= 0) {
                    move.apply(best, donor, lightest);
                    load.merge(donor, -weight[best], Long::sum);
                    load.merge(lightest, weight[best], Long::sum);
                    if (counted.test(best)) {
                        moves++;
                    }
                    moved = true;
                    break;
                }
            }
            if (!moved) {
                return;
            }
        }
    }

    /** The live node (among those {@code allowed}) whose copy of {@code partition} is furthest applied; null if none has one. */
    private static String mostAdvancedCopy(int partition, List<String> live, Map<String, NodeReport> known,
                                           java.util.function.Predicate<String> allowed) {
        String best = null;
        for (String node : live) {
            long applied = known.get(node).appliedOf(partition);
            if (applied >= 0 && (allowed == null || allowed.test(node))
                    && (best == null || applied > known.get(best).appliedOf(partition))) {
                best = node;
            }
        }
        return best;
    }

    private static String lightest(List<String> live, Map<String, Long> load, java.util.function.Predicate<String> allowed) {
        String best = null;
        for (String node : live) {
            if (allowed.test(node) && (best == null || load.get(node) < load.get(best))) {
                best = node;
            }
        }
        return best;
    }
}
