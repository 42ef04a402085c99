package org.observer.cluster;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The members of the processors' consumer group ({@code observer-processors}) as Kafka last
 * described them, at {@code checkedAt} (epoch millis, this node's clock).
 *
 * <p>A member belongs to the node whose name its static {@code group.instance.id} equals or starts
 * with followed by {@code -} (one instance per processor thread: {@code <node>-0}, {@code <node>-1});
 * a member without an instance id is matched the same way by its client id. When several node
 * names fit (nodes {@code a} and {@code a-1}), the longest wins.
 */
public record GroupMembership(List<Member> members, long checkedAt) {

    /** Nothing known yet. */
    public static final GroupMembership UNKNOWN = new GroupMembership(List.of(), Long.MIN_VALUE);

    public GroupMembership {
        members = List.copyOf(members);
    }

    /** One consumer of the group; {@code instanceId} is null for a dynamic member. */
    public record Member(String instanceId, String clientId) {

        String id() {
            return instanceId != null && !instanceId.isEmpty() ? instanceId : clientId == null ? "" : clientId;
        }
    }

    /**
     * Which of {@code names} have at least one member in the group; null when the group cannot
     * tell: no member belongs to any of them (the group is empty, or its members carry no node
     * names), so missing from it says nothing about a node.
     */
    public Set<String> nodesAmong(Collection<String> names) {
        Set<String> present = new HashSet<>();
        for (Member member : members) {
            String node = owner(member.id(), names);
            if (node != null) {
                present.add(node);
            }
        }
        return present.isEmpty() ? null : present;
    }

    /**
     * The node a member belongs to: processors are named {@code <thread>.<node>} (instance and client
     * id alike: {@code 0.a}, {@code observer-processor-0.a}), or null when that node is not among
     * {@code names}. The thread holds no dot, so the node is what follows the first one.
     */
    static String owner(String id, Collection<String> names) {
        int dot = id.indexOf('.');
        String node = dot < 0 ? id : id.substring(dot + 1);
        return names.contains(node) ? node : null;
    }
}
