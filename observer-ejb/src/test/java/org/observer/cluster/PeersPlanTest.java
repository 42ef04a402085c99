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
        Map<String, Set<Integer>> plan = Peers.plan(ALL, "a", p -> p <= 3, held, Map.of(), n -> 0);
        assertEquals(Map.of("a", Set.of(0, 1, 2, 3), "b", Set.of(4, 5)), plan);
    }

    @Test
    void betweenEqualCopiesTheFasterLessBusyNodeIsAsked() {
        Map<String, Set<Integer>> held = Map.of("b", Set.of(4, 5), "c", Set.of(4, 5));
        assertEquals(Map.of("a", Set.of(0, 1, 2, 3), "c", Set.of(4, 5)),
                Peers.plan(ALL, "a", p -> p <= 3, held, Map.of(), n -> n.equals("b") ? 5.0 : 1.0));
        assertEquals(Map.of("a", Set.of(0, 1, 2, 3), "b", Set.of(4, 5)),
                Peers.plan(ALL, "a", p -> p <= 3, held, Map.of(), n -> n.equals("b") ? 1.0 : 5.0));
    }

    @Test
    void aRetryAsksACopyNotTriedYetAndNothingWhenNoneIsLeft() {
        Map<String, Set<Integer>> held = Map.of("b", Set.of(4, 5), "c", Set.of(5));
        Map<Integer, Set<String>> tried = Map.of(4, Set.of("b"), 5, Set.of("b"));
        assertEquals(Map.of("c", Set.of(5)), Peers.plan(Set.of(4, 5), "a", p -> false, held, tried, n -> 0));
        Map<Integer, Set<String>> both = Map.of(5, Set.of("b", "c"));
        assertEquals(Map.of(), Peers.plan(Set.of(5), "a", p -> false, held, both, n -> 0));
    }
}
