package org.observer.cluster;

import org.observer.api.NodeState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The latest announcement of every node and the group's membership, and the views derived from
 * them at a given time: the registry's state without Kafka, so its rules can be tested.
 *
 * <p>This node's own entry comes from local figures only (set through {@link #local}); announcements
 * under its name read from the topic (its previous life's) are ignored. Announcements of others
 * replace each other in topic order: one at an offset not after the held one's is a repeat (the
 * topic is read again from the start after a reconnect) and leaves the entry as it was.
 */
final class NodeTable {

    private record Entry(NodeAnnouncement announcement, long offset, long receivedAt) {
    }

    private final String self;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<String, Entry> entries = new HashMap<>();
    private volatile GroupMembership membership = GroupMembership.UNKNOWN;

    NodeTable(String self) {
        this.self = self;
    }

    String self() {
        return self;
    }

    /** This node's own figures, taken at {@code now}. */
    void local(NodeAnnouncement announcement, long now) {
        synchronized (lock) {
            entries.put(self, new Entry(announcement, -1, now));
        }
    }

    /**
     * An announcement read from the topic at {@code offset} under record key {@code key}.
     *
     * @return false if it was ignored (this node's own name, a repeat, or a key that is not the name)
     */
    boolean received(String key, NodeAnnouncement announcement, long offset, long receivedAt) {
        if (self.equals(key) || !announcement.name().equals(key)) {
            return false;
        }
        synchronized (lock) {
            Entry held = entries.get(key);
            if (held != null && offset <= held.offset) {
                return false;
            }
            entries.put(key, new Entry(announcement, offset, receivedAt));
            return true;
        }
    }

    /** A tombstone for {@code key} at {@code offset}: the node is gone from the view. */
    void removed(String key, long offset) {
        if (self.equals(key)) {
            return;
        }
        synchronized (lock) {
            Entry held = entries.get(key);
            if (held != null && offset > held.offset) {
                entries.remove(key);
            }
        }
    }

    /** The highest topic offset held, or -1. */
    long lastOffset() {
        synchronized (lock) {
            return entries.values().stream().mapToLong(Entry::offset).max().orElse(-1);
        }
    }

    /** Forgets the offsets held (the topic was recreated), so its new records are taken. */
    void resetOffsets() {
        synchronized (lock) {
            entries.replaceAll((name, e) -> new Entry(e.announcement, -1, e.receivedAt));
        }
    }

    void membership(GroupMembership membership) {
        this.membership = membership;
    }

    /** Every known node with its state at {@code now}, by name; forgotten nodes are dropped for good. */
    List<NodeView> views(long now) {
        List<NodeView> views = new ArrayList<>();
        synchronized (lock) {
            Set<String> members = NodeStates.members(membership, entries.keySet(), now);
            var it = entries.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Entry> next = it.next();
                Entry e = next.getValue();
                NodeState state = NodeStates.state(e.announcement, e.receivedAt, now, members);
                if (NodeStates.forgotten(state, e.receivedAt, now) && !next.getKey().equals(self)) {
                    it.remove();
                } else {
                    views.add(NodeView.of(e.announcement, state, e.receivedAt));
                }
            }
        }
        views.sort(Comparator.comparing(NodeView::name));
        return views;
    }

    /**
     * Which node serves each partition at {@code now}: the UP or SUSPECT node announcing it; when
     * two do (one has gained it, the other's announcement still predates losing it), the one whose
     * announcement arrived last.
     */
    static Map<Integer, NodeView> owners(List<NodeView> views) {
        Map<Integer, NodeView> owners = new TreeMap<>();
        for (NodeView view : views) {
            if (!view.serving()) {
                continue;
            }
            for (int partition : view.partitions()) {
                owners.merge(partition, view, (a, b) -> newer(a, b) ? a : b);
            }
        }
        return java.util.Collections.unmodifiableMap(owners);
    }

    private static boolean newer(NodeView a, NodeView b) {
        if (a.receivedAt() != b.receivedAt()) {
            return a.receivedAt() > b.receivedAt();
        }
        return a.name().compareTo(b.name()) < 0; // any fixed choice, so that every call agrees
    }
}
