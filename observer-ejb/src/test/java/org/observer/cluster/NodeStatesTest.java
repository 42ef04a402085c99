package org.observer.cluster;

import org.junit.jupiter.api.Test;
import org.observer.api.NodeState;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeStatesTest {

    private static final long NOW = 1_795_700_000_000L;
    private static final NodeAnnouncement B = NodeAnnouncementCodecTest.announcement("b", Map.of(1, 0L));

    @Test
    void aNodeHeardFromWithinThreeIntervalsIsUp() {
        assertEquals(NodeState.UP, NodeStates.state(B, NOW, NOW, null));
        assertEquals(NodeState.UP, NodeStates.state(B, NOW - 6_000, NOW, null));
    }

    @Test
    void aNodeThatMissedThreeAnnouncementsIsSuspect() {
        assertEquals(NodeState.SUSPECT, NodeStates.state(B, NOW - 6_001, NOW, null));
        assertEquals(NodeState.SUSPECT, NodeStates.state(B, NOW - 60_000, NOW, Set.of("b")),
                "still in the group: it still owns its partitions");
    }

    @Test
    void aNodeWhoseProcessorsLeftTheGroupIsDownHoweverFreshItsAnnouncement() {
        assertEquals(NodeState.DOWN, NodeStates.state(B, NOW, NOW, Set.of("a")));
        assertEquals(NodeState.DOWN, NodeStates.state(B, NOW - 60_000, NOW, Set.of("a")));
    }

    @Test
    void aNodeThatLeftCleanlyIsDownAtOnce() {
        assertEquals(NodeState.DOWN, NodeStates.state(B.leavingAt(NOW), NOW, NOW, Set.of("b")));
        assertEquals(NodeState.DOWN, NodeStates.state(B.leavingAt(NOW), NOW, NOW, null));
    }

    @Test
    void theSendersClockDoesNotMatter() {
        // b's clock is an hour ahead or behind: only the receipt time counts
        NodeAnnouncement skewed = new NodeAnnouncement("b", "u", "r", "v", false, 0, NOW + 3_600_000, 0, 0, 0, 0, 0, 0, Map.of());
        assertEquals(NodeState.UP, NodeStates.state(skewed, NOW - 1_000, NOW, null));
        NodeAnnouncement behind = new NodeAnnouncement("b", "u", "r", "v", false, 0, NOW - 3_600_000, 0, 0, 0, 0, 0, 0, Map.of());
        assertEquals(NodeState.UP, NodeStates.state(behind, NOW - 1_000, NOW, null));
    }

    @Test
    void membersAreMatchedByTheNodeAfterTheFirstDotInstanceIdFirst() {
        List<String> names = List.of("a", "a-1", "b", "c");
        GroupMembership group = new GroupMembership(List.of(
                new GroupMembership.Member("0.a", "observer-processor-0.a"),
                new GroupMembership.Member("1.a-1", "observer-processor-1.a-1"),
                new GroupMembership.Member(null, "observer-processor-3.b"),
                new GroupMembership.Member("0.cc", "observer-processor-0.c")), NOW);
        assertEquals(Set.of("a", "a-1", "b"), group.nodesAmong(names),
                "cc is not c, and the instance id wins over the client id");
        assertEquals(Set.of("c"), new GroupMembership(List.of(new GroupMembership.Member("c", "x")), NOW)
                .nodesAmong(names), "an id without a thread");
    }

    @Test
    void aGroupWhoseMembersBelongToNoKnownNodeTellsNothing() {
        List<String> names = List.of("a", "b");
        assertNull(new GroupMembership(List.of(), NOW).nodesAmong(names), "empty group");
        assertNull(new GroupMembership(List.of(new GroupMembership.Member(null, "observer-processor-0")), NOW)
                .nodesAmong(names), "members without node names");
        assertNull(NodeStates.members(GroupMembership.UNKNOWN, names, NOW), "never described");
    }

    @Test
    void anOldDescriptionOfTheGroupNoLongerCounts() {
        GroupMembership group = new GroupMembership(List.of(new GroupMembership.Member("0.a", "x")), NOW);
        assertEquals(Set.of("a"), NodeStates.members(group, List.of("a", "b"), NOW + 15_000));
        assertNull(NodeStates.members(group, List.of("a", "b"), NOW + 15_001));
    }

    @Test
    void aDownNodeIsForgottenTenMinutesAfterItWasLastHeard() {
        assertFalse(NodeStates.forgotten(NodeState.DOWN, NOW - 600_000, NOW));
        assertTrue(NodeStates.forgotten(NodeState.DOWN, NOW - 600_001, NOW));
        assertFalse(NodeStates.forgotten(NodeState.SUSPECT, NOW - 3_600_000, NOW), "only DOWN nodes are forgotten");
    }

    @Test
    void aReplayedAnnouncementNeverCountsAsFresh() {
        assertEquals(NOW - 6_001, NodeStates.replayedReceipt(NOW, NOW), "sent just now: stale all the same");
        assertEquals(NOW - 7_200_000, NodeStates.replayedReceipt(NOW - 7_200_000, NOW), "two hours old: that old");
        assertEquals(NOW - 6_001, NodeStates.replayedReceipt(-1, NOW), "no timestamp");
        assertEquals(NodeState.SUSPECT, NodeStates.state(B, NodeStates.replayedReceipt(NOW, NOW), NOW, null));
    }
}
