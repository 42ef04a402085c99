package org.observer.cluster;

import org.observer.api.NodeState;

import java.util.Set;

/**
 * The rules that turn announcements and group membership into a node's state, as pure functions.
 * All times are epoch millis on this node's clock: a node is judged by when its announcements
 * arrive here, never by the time it wrote in them, so clock skew between nodes changes nothing.
 */
public final class NodeStates {

    /** How often a node announces itself. */
    public static final long INTERVAL_MS = 2_000;
    /** Missing this many announcements in a row makes a node SUSPECT. */
    public static final int MISSED = 3;
    /** A node heard from within this long is UP (unless DOWN). */
    public static final long STALE_AFTER_MS = MISSED * INTERVAL_MS;
    /** How old the group's description may be before it no longer counts (a few failed checks). */
    public static final long MEMBERSHIP_VALID_MS = 15_000;
    /** A DOWN node last heard from longer ago than this leaves the view. */
    public static final long FORGET_AFTER_MS = 10 * 60_000;

    private NodeStates() {
    }

    /**
     * @param members the nodes that have processors in the consumer group, or null when unknown
     *                (then only announcements count)
     */
    public static NodeState state(NodeAnnouncement latest, long receivedAt, long now, Set<String> members) {
        if (latest.leaving()) {
            return NodeState.DOWN;
        }
        if (members != null && !members.contains(latest.name())) {
            return NodeState.DOWN;
        }
        return now - receivedAt <= STALE_AFTER_MS ? NodeState.UP : NodeState.SUSPECT;
    }

    /** Whether a node drops out of the view. */
    public static boolean forgotten(NodeState state, long receivedAt, long now) {
        return state == NodeState.DOWN && now - receivedAt > FORGET_AFTER_MS;
    }

    /** The group's members as they count at {@code now}: null when never or too long ago described. */
    public static Set<String> members(GroupMembership membership, java.util.Collection<String> names, long now) {
        if (membership.checkedAt() == Long.MIN_VALUE || now - membership.checkedAt() > MEMBERSHIP_VALID_MS) {
            return null;
        }
        return membership.nodesAmong(names);
    }

    /**
     * When to count an announcement read while replaying the topic at start-up as received: it was
     * sent before this node was listening, so it must not make a node UP. Its record timestamp says
     * roughly when (it lets long-gone nodes be forgotten at once), but never later than just stale.
     */
    public static long replayedReceipt(long recordTimestamp, long now) {
        long stale = now - STALE_AFTER_MS - 1;
        return recordTimestamp < 0 ? stale : Math.min(recordTimestamp, stale);
    }
}
