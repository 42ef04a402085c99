package org.observer.cluster;

import org.junit.jupiter.api.Test;
import org.observer.api.ClusterInfo;
import org.observer.api.NodeState;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeTableTest {

    private static final long T = 5_000_000;

    private static NodeAnnouncement node(String name, Integer... partitions) {
        Map<Integer, Long> lag = new java.util.HashMap<>();
        for (int p : partitions) {
            lag.put(p, (long) p * 10);
        }
        return NodeAnnouncementCodecTest.announcement(name, lag);
    }

    private static GroupMembership members(long at, String... instanceIds) {
        return new GroupMembership(java.util.Arrays.stream(instanceIds)
                .map(id -> new GroupMembership.Member(id, "observer-processor-0")).toList(), at);
    }

    @Test
    void theOwnNodeIsThereBeforeKafkaAnswers() {
        NodeTable table = new NodeTable("a");
        table.local(node("a"), T);
        List<NodeView> views = table.views(T + 100);
        assertEquals(1, views.size());
        assertEquals("a", views.get(0).name());
        assertEquals(NodeState.UP, views.get(0).state());
    }

    @Test
    void announcementsUnderTheOwnNameOrAForeignKeyAreIgnored() {
        NodeTable table = new NodeTable("a");
        table.local(node("a", 0), T);
        assertFalse(table.received("a", node("a").leavingAt(T), 7, T), "the previous life's last word");
        assertFalse(table.received("x", node("b"), 8, T));
        assertEquals(List.of("a"), table.views(T).stream().map(NodeView::name).toList());
        assertEquals(NodeState.UP, table.views(T).get(0).state());
    }

    @Test
    void aRepeatedRecordKeepsTheFirstReceipt() {
        NodeTable table = new NodeTable("a");
        assertTrue(table.received("b", node("b", 1), 5, T));
        assertFalse(table.received("b", node("b", 1), 5, T - 60_000), "read again after a reconnect");
        assertFalse(table.received("b", node("b", 2), 4, T), "an older record");
        assertEquals(T, table.views(T).get(0).receivedAt());
        assertEquals(List.of(1), table.views(T).get(0).partitions());
        table.resetOffsets();
        assertTrue(table.received("b", node("b", 3), 0, T + 1), "the topic was made anew");
    }

    @Test
    void statesFollowReceiptsAndMembership() {
        NodeTable table = new NodeTable("a");
        table.local(node("a", 0, 1), T);
        table.received("b", node("b", 2), 1, T);
        table.received("c", node("c", 3), 2, T - 7_000);
        table.received("d", node("d").leavingAt(T), 3, T);
        assertEquals(Map.of("a", NodeState.UP, "b", NodeState.UP, "c", NodeState.SUSPECT, "d", NodeState.DOWN),
                states(table, T));

        table.membership(members(T, "0.a", "1.a", "0.b", "0.d"));
        assertEquals(Map.of("a", NodeState.UP, "b", NodeState.UP, "c", NodeState.DOWN, "d", NodeState.DOWN),
                states(table, T), "c's processors left the group");

        table.membership(members(T, "0.a", "0.c"));
        assertEquals(NodeState.DOWN, states(table, T).get("b"), "b is not in the group (yet, or any more)");
        assertEquals(NodeState.SUSPECT, states(table, T).get("c"), "c is back in the group, still silent");

        table.membership(members(T, "0.a", "0.b", "0.c"));
        assertEquals(NodeState.SUSPECT, states(table, T + 16_000).get("a"),
                "a group described long ago counts no more, and this node's own figures are stale too");
    }

    @Test
    void downNodesLastHeardLongAgoAreForgottenButNeverThisOne() {
        NodeTable table = new NodeTable("a");
        table.local(node("a"), T);
        table.received("b", node("b", 2), 1, T);
        table.received("c", node("c"), 2, T);
        long later = T + 600_001;
        table.membership(members(later, "0.b"));
        assertEquals(List.of("a", "b", "c"), table.views(T + 1_000).stream().map(NodeView::name).toList());
        List<NodeView> views = table.views(later);
        assertEquals(List.of("a", "b"), views.stream().map(NodeView::name).toList(), "c is DOWN and forgotten");
        assertEquals(NodeState.SUSPECT, views.get(1).state(), "b is silent but in the group: kept");
        assertEquals(NodeState.DOWN, views.get(0).state(), "this node's processors are not in the group, yet it stays");
    }

    @Test
    void aTombstoneRemovesTheNode() {
        NodeTable table = new NodeTable("a");
        table.received("b", node("b", 2), 1, T);
        table.removed("b", 2);
        assertTrue(table.views(T).isEmpty());
    }

    @Test
    void ownersAreTheServingNodesAndTheLatestClaimWins() {
        NodeTable table = new NodeTable("a");
        table.local(node("a", 0, 1), T - 1_500);
        table.received("b", node("b", 1, 2), 1, T - 500); // b gained 1; a's figures predate losing it
        table.received("c", node("c", 3), 2, T);
        table.membership(members(T, "0.a", "0.b"));
        Map<Integer, NodeView> owners = NodeTable.owners(table.views(T));
        assertEquals(Map.of(0, "a", 1, "b", 2, "b"), names(owners), "c is DOWN: partition 3 has no owner");

        table.local(node("a", 0, 1), T); // a claims it again, later
        assertEquals("a", NodeTable.owners(table.views(T)).get(1).name());
    }

    @Test
    void theClusterReportListsEveryPartitionWithItsOwnerAndLag() {
        NodeTable table = new NodeTable("a");
        table.local(new NodeAnnouncement("a", "http://a:1", "a:2", "v", false, 1, 2, 3, 4, 5, 6, 7, 8.5,
                Map.of(0, 12L, 1, -1L)), T);
        table.received("b", node("b").leavingAt(T), 1, T);
        ClusterInfo info = ClusterReport.of(table.views(T), 4, 8);
        assertEquals(List.of("a", "b"), info.nodes().stream().map(n -> n.name()).toList());
        assertEquals(12, info.nodes().get(0).lag(), "the known lags summed");
        assertEquals(List.of(0, 1), info.nodes().get(0).partitions());
        assertEquals(4, info.partitions().size(), "Kafka's count, not the fallback");
        assertEquals(new ClusterInfo.PartitionOwner(0, "a", 12L), info.partitions().get(0));
        assertEquals(new ClusterInfo.PartitionOwner(1, "a", null), info.partitions().get(1), "lag unknown");
        assertNull(info.partitions().get(3).owner());
        assertEquals(8, ClusterReport.of(table.views(T), -1, 8).partitions().size(), "count unknown: the fallback");
        assertEquals(2, ClusterReport.of(table.views(T), 1, 1).partitions().size(), "an announced partition is never left out");
    }

    @Test
    void aDownNodeIsReportedServingNothing() {
        NodeTable table = new NodeTable("a");
        table.local(node("a", 0), T);
        table.received("b", node("b", 1, 2), 1, T - 20_000);
        table.membership(members(T, "0.a"));
        ClusterInfo info = ClusterReport.of(table.views(T), 3, 3);
        assertEquals(NodeState.DOWN, info.nodes().get(1).state());
        assertEquals(List.of(), info.nodes().get(1).partitions());
        assertEquals(0, info.nodes().get(1).lag());
        assertEquals(List.of(1, 2), table.views(T).get(1).partitions(), "the view keeps what it announced");
        assertNull(info.partitions().get(1).owner());
    }

    private static Map<String, NodeState> states(NodeTable table, long now) {
        Map<String, NodeState> states = new java.util.TreeMap<>();
        table.views(now).forEach(v -> states.put(v.name(), v.state()));
        return states;
    }

    private static Map<Integer, String> names(Map<Integer, NodeView> owners) {
        Map<Integer, String> names = new java.util.TreeMap<>();
        owners.forEach((p, v) -> names.put(p, v.name()));
        return names;
    }
}
