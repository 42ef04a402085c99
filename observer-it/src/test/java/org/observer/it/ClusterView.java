package org.observer.it;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A node's answer to {@code GET /api/cluster}:
 * {@code {"nodes":[{"name","url","state","partitions":[..]}],"partitions":[{"partition","owner","lag","replicas":[..]}]}}.
 */
record ClusterView(Map<String, Member> nodes, Map<Integer, String> owners, Map<Integer, List<String>> replicas) {

    /** {@code memoryBudget}, {@code memoryUsed}: what its OPEN indexes may hold in memory and hold (-1 if not shown). */
    record Member(String name, String url, String state, Set<Integer> partitions, long memoryBudget, long memoryUsed) {
    }

    static ClusterView of(JsonObject json) {
        Map<String, Member> nodes = new TreeMap<>();
        for (JsonObject node : json.getJsonArray("nodes").getValuesAs(JsonObject.class)) {
            Set<Integer> partitions = new TreeSet<>();
            if (node.get("partitions") instanceof jakarta.json.JsonArray array) {
                array.getValuesAs(JsonNumber.class).forEach(n -> partitions.add(n.intValue()));
            }
            String name = node.getString("name");
            nodes.put(name, new Member(name, node.getString("url", null), node.getString("state", null), partitions,
                    node.get("memory_budget_bytes") instanceof JsonNumber n ? n.longValue() : -1,
                    node.get("memory_used_bytes") instanceof JsonNumber n ? n.longValue() : -1));
        }
        Map<Integer, String> owners = new TreeMap<>();
        Map<Integer, List<String>> replicas = new TreeMap<>();
        for (JsonObject partition : json.getJsonArray("partitions").getValuesAs(JsonObject.class)) {
            owners.put(partition.getInt("partition"),
                    partition.get("owner") instanceof JsonString owner ? owner.getString() : null);
            List<String> copies = new java.util.ArrayList<>();
            if (partition.get("replicas") instanceof jakarta.json.JsonArray array) {
                array.getValuesAs(JsonString.class).forEach(s -> copies.add(s.getString()));
            }
            replicas.put(partition.getInt("partition"), copies);
        }
        return new ClusterView(nodes, owners, replicas);
    }

    /** The partitions {@code name} owns in this view. */
    Set<Integer> ownedBy(String name) {
        Set<Integer> owned = new TreeSet<>();
        owners.forEach((partition, owner) -> {
            if (name.equals(owner)) {
                owned.add(partition);
            }
        });
        return owned;
    }

    /**
     * Why this view is not a formed cluster of exactly {@code names}, each UP and owning at least one
     * of {@code partitions} partitions, every partition owned once and the two lists agreeing; or null.
     */
    String notFormed(Collection<String> names, int partitions) {
        for (String name : names) {
            Member member = nodes.get(name);
            if (member == null) {
                return name + " is not listed";
            }
            if (!"UP".equals(member.state())) {
                return name + " is " + member.state();
            }
            if (ownedBy(name).isEmpty()) {
                return name + " owns no partition";
            }
            if (!member.partitions().equals(ownedBy(name))) {
                return name + " lists partitions " + member.partitions() + " but owns " + ownedBy(name) + " in \"partitions\"";
            }
        }
        for (int p = 0; p < partitions; p++) {
            String owner = owners.get(p);
            if (owner == null) {
                return "partition " + p + " has no owner";
            }
            if (!names.contains(owner)) {
                return "partition " + p + " is owned by " + owner + ", not one of " + names;
            }
        }
        if (owners.size() != partitions) {
            return owners.size() + " partitions listed, expected " + partitions;
        }
        return null;
    }

    /**
     * Why some partition has not exactly {@code copies} standby copies on nodes of {@code names}
     * other than its owner; or null.
     */
    String notReplicated(Collection<String> names, int partitions, int copies) {
        for (int p = 0; p < partitions; p++) {
            List<String> copiesOf = replicas.getOrDefault(p, List.of());
            if (copiesOf.size() != copies || copiesOf.contains(owners.get(p)) || !names.containsAll(copiesOf)) {
                return "partition " + p + " (owner " + owners.get(p) + ") has standby copies on " + copiesOf;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        nodes.values().forEach(m -> out.append(out.isEmpty() ? "" : ", ").append(m.name()).append(' ')
                .append(m.state()).append(' ').append(ownedBy(m.name())));
        out.append(", standbys ").append(replicas);
        return out.toString();
    }
}
