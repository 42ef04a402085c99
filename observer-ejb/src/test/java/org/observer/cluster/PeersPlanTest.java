package org.observer.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PeersPlanTest {

    private static final Set<Integer> ALL = Set.of(0, 1, 2, 3, 4, 5);

    @Test
    void copiesHereAreReadHereAndTheRestFromAsFewNodesAsCoverThem() {
        // 3 nodes, 6 partitions, one standby each: "a" holds 0-3, "b" 2-5 and 0, "c" 4, 5, 1
        Map<String, Set<Integer>> held = Map.of("b", Set.of(0, 2, 3, 4, 5), "c", Set.of(1, 4, 5));
        Map<String, Set<Integer>> plan = Peers.plan(ALL, "a", p -> p <= 3, held, p -> false, Map.of(), Map.of(), n -> 0);
        assertEquals(Map.of("a", Set.of(0, 1, 2, 3), "b", Set.of(4, 5)), plan);
    }

    @Test
    void betweenEqualCopiesTheFasterLessBusyNodeIsAsked() {
        Map<String, Set<Integer>> held = Map.of("b", Set.of(4, 5), "c", Set.of(4, 5));
        assertEquals(Map.of("a", Set.of(0, 1, 2, 3), "c", Set.of(4, 5)),
                Peers.plan(ALL, "a", p -> p <= 3, held, p -> false, Map.of(), Map.of(), n -> n.equals("b") ? 5.0 : 1.0));
        assertEquals(Map.of("a", Set.of(0, 1, 2, 3), "b", Set.of(4, 5)),
                Peers.plan(ALL, "a", p -> p <= 3, held, p -> false, Map.of(), Map.of(), n -> n.equals("b") ? 1.0 : 5.0));
    }

    @Test
    void aRetryAsksACopyNotTriedYetAndNothingWhenNoneIsLeft() {
        Map<String, Set<Integer>> held = Map.of("b", Set.of(4, 5), "c", Set.of(5));
        Map<Integer, Set<String>> tried = Map.of(4, Set.of("b"), 5, Set.of("b"));
        assertEquals(Map.of("c", Set.of(5)), Peers.plan(Set.of(4, 5), "a", p -> false, held, p -> false, Map.of(), tried, n -> 0));
        Map<Integer, Set<String>> both = Map.of(5, Set.of("b", "c"));
        assertEquals(Map.of(), Peers.plan(Set.of(5), "a", p -> false, held, p -> false, Map.of(), both, n -> 0));
    }

    @Test
    void aPartitionHandedOverIsReadThereOnlyWhenNoOwnerOrStandbyHoldsIt() {
        // a rebalance: "b" serves 4 again, "c" still hands 4 and 5 over, "a" hands 0 over
        Map<String, Set<Integer>> held = Map.of("b", Set.of(4));
        Map<String, Set<Integer>> handingOver = Map.of("b", Set.of(1), "c", Set.of(4, 5));
        assertEquals(Map.of("a", Set.of(0, 2, 3), "b", Set.of(1, 4), "c", Set.of(5)),
                Peers.plan(ALL, "a", p -> p == 2 || p == 3, held, p -> p == 0, handingOver, Map.of(), n -> 0));
        // tried at the owner already: the copy handed over is the next one asked
        assertEquals(Map.of("c", Set.of(4)), Peers.plan(Set.of(4), "a", p -> false, held, p -> false, handingOver,
                Map.of(4, Set.of("b")), n -> 0));
    }
}
