package org.observer.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Payara Micro node the launcher starts: its name, ports and data directory, and the settings
 * it gets in its environment.
 *
 * @param name     node-1, node-2, ...; for a single node, {@code OBSERVER_NODE_NAME} as given (null:
 *                 the application picks its own)
 * @param httpPort the node's HTTP port
 * @param rpcPort  the node's port for RPC between nodes
 * @param dataDir  the node's own data directory
 */
record NodePlan(String name, int httpPort, int rpcPort, Path dataDir) {

    /** The application's own default: the RPC port is the HTTP port + 1000. */
    static final int RPC_PORT_OFFSET = 1000;

    /**
     * Plans {@code count} nodes. One node keeps today's layout: the data directory itself and the
     * node name the user gave, if any. Several nodes get consecutive ports and their own
     * {@code node-<i>} directories and names (prefixed with {@code namePrefix} when given, so that
     * nodes started on several machines against one Kafka cluster do not take each other's names).
     *
     * @param rpcBase the first RPC port, or 0 for each node's HTTP port + 1000
     */
    static List<NodePlan> plan(int count, int httpBase, int rpcBase, Path dataDir, String namePrefix) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one node, not " + count);
        }
        List<NodePlan> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int http = httpBase + i;
            int rpc = rpcBase > 0 ? rpcBase + i : http + RPC_PORT_OFFSET;
            checkPort("OBSERVER_HTTP_PORT", http);
            checkPort("OBSERVER_RPC_PORT", rpc);
            if (count == 1) {
                nodes.add(new NodePlan(blankToNull(namePrefix), http, rpc, dataDir));
            } else {
                String dir = "node-" + (i + 1);
                String name = blankToNull(namePrefix) == null ? dir : namePrefix.trim() + "-" + (i + 1);
                nodes.add(new NodePlan(name, http, rpc, dataDir.resolve(dir)));
            }
        }
        return List.copyOf(nodes);
    }

    /** How the launcher calls this node in its messages. */
    String label() {
        return name == null ? "the node" : name;
    }

    /** The settings this node's JVM gets on top of the launcher's own environment. */
    Map<String, String> environment(String kafkaBootstrap) {
        Map<String, String> env = new HashMap<>();
        env.put("OBSERVER_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("OBSERVER_DATA_DIR", dataDir.toString());
        // the application advertises its URL and listens for RPC from these, so they are always
        // passed, never left to defaults that would be the same for every node
        env.put("OBSERVER_HTTP_PORT", String.valueOf(httpPort));
        env.put("OBSERVER_RPC_PORT", String.valueOf(rpcPort));
        if (name != null) {
            env.put("OBSERVER_NODE_NAME", name);
        }
        return env;
    }

    private static void checkPort(String setting, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: choose a lower " + setting
                    + " or fewer nodes");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
