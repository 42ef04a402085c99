package org.observer.ingest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;
import org.observer.allocation.Allocation;
import org.observer.allocation.Allocator;
import org.observer.allocation.NodeReport;
import org.observer.config.ObserverConfig;

/**
 * The processors' assignor (classic protocol): every member sends its node's {@link NodeReport}
 * when it joins; the group's leader, elected by Kafka's coordinator, decides owners and standbys
 * for the whole cluster with {@link Allocator}, spreads each node's partitions over its
 * processors, and sends every member the whole decision, from which each node learns what to keep
 * standby copies of.
 */
public final class LoadAwareAssignor implements ConsumerPartitionAssignor, Configurable {

    private static final Logger LOG = Logger.getLogger(LoadAwareAssignor.class.getName());
    public static final String NAME = "observer-load";
    /** The consumer setting that carries this node's {@link Context} to the assignor Kafka instantiates. */
    public static final String CONTEXT = "observer.allocation.context";

    /** What the assignor needs from its node. */
    public interface Context {
        /** This node's report, sent with every join. */
        NodeReport report();

        /** Standby copies wanted per partition (the leader's setting decides). */
        int replicas();

        /** On the leader: the decision and its inputs. */
        void decided(Allocation allocation, Map<String, NodeReport> reports);

        /** On every member: the decision of the group's leader. */
        void received(Allocation allocation);
    }

    private Context context;

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(CONTEXT);
        if (!(value instanceof Context c)) {
            throw new IllegalArgumentException(CONTEXT + " must hold the node's allocation context, not " + value);
        }
        this.context = c;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.wrap(context.report().encode());
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
        Map<String, Subscription> members = group.groupSubscription();
        Integer count = metadata.partitionCountForTopic(ObserverConfig.INGEST_TOPIC);
        int partitions = count == null ? 0 : count;
        // Members are processors named <thread>.<node>; a node is all the members of its name.
        Map<String, List<String>> membersByNode = new TreeMap<>();
        Map<String, NodeReport> reports = new HashMap<>();
        for (Map.Entry<String, Subscription> member : members.entrySet()) {
            String node = node(member.getKey(), member.getValue());
            membersByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(member.getKey());
            if (!reports.containsKey(node)) {
                reports.put(node, report(node, member.getValue()));
            }
        }
        Allocation allocation = Allocator.allocate(membersByNode.keySet(), partitions, context.replicas(), reports);
        context.decided(allocation, reports);
        ByteBuffer decision = ByteBuffer.wrap(allocation.encode());
        Map<String, Assignment> assignments = new HashMap<>();
        for (Map.Entry<String, List<String>> node : membersByNode.entrySet()) {
            List<String> ids = node.getValue();
            ids.sort(null);
            Map<String, List<TopicPartition>> byMember = new HashMap<>();
            ids.forEach(id -> byMember.put(id, new ArrayList<>()));
            int next = 0;
            for (int p : allocation.ownedBy(node.getKey())) {
                byMember.get(ids.get(next++ % ids.size())).add(new TopicPartition(ObserverConfig.INGEST_TOPIC, p));
            }
            byMember.forEach((id, owned) -> assignments.put(id, new Assignment(owned, decision.duplicate())));
        }
        return new GroupAssignment(assignments);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        ByteBuffer data = assignment.userData();
        if (data == null || !data.hasRemaining()) {
            return;
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        try {
            context.received(Allocation.decode(bytes));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "The group leader's allocation is not readable; keeping the last one", e);
        }
    }

    /** The node a member belongs to: its static id is {@code <thread>.<node>}. */
    static String node(String memberId, Subscription subscription) {
        String id = subscription.groupInstanceId().orElse(memberId);
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(dot + 1);
    }

    private static NodeReport report(String node, Subscription subscription) {
        ByteBuffer data = subscription.userData();
        if (data == null || !data.hasRemaining()) {
            return NodeReport.empty(node);
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        try {
            NodeReport report = NodeReport.decode(bytes);
            return report.node().equals(node) ? report : NodeReport.empty(node);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "The report of node " + node + " is not readable; taking it as empty", e);
            return NodeReport.empty(node);
        }
    }
}
