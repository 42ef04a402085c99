package org.observer.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NodePlanTest {

    private static final Path DATA = Path.of("/srv/observer");

    @Test
    void oneNodeKeepsTheDataDirectoryAndTheGivenName() {
        NodePlan node = NodePlan.plan(1, 8080, 0, DATA, null).get(0);
        assertEquals(new NodePlan(null, 8080, 9080, DATA), node);
        Map<String, String> env = node.environment("127.0.0.1:9092");
        assertEquals("8080", env.get("OBSERVER_HTTP_PORT"));
        assertEquals("9080", env.get("OBSERVER_RPC_PORT"));
        assertEquals("/srv/observer", env.get("OBSERVER_DATA_DIR"));
        assertEquals("127.0.0.1:9092", env.get("OBSERVER_KAFKA_BOOTSTRAP"));
        assertFalse(env.containsKey("OBSERVER_NODE_NAME"), "the application picks its own name");

        assertEquals("web-a", NodePlan.plan(1, 8080, 0, DATA, "web-a").get(0).environment("k:1").get("OBSERVER_NODE_NAME"));
    }

    @Test
    void severalNodesGetConsecutivePortsAndTheirOwnDirectoriesAndNames() {
        List<NodePlan> nodes = NodePlan.plan(3, 18080, 0, DATA, "");
        assertEquals(List.of(
                new NodePlan("node-1", 18080, 19080, DATA.resolve("node-1")),
                new NodePlan("node-2", 18081, 19081, DATA.resolve("node-2")),
                new NodePlan("node-3", 18082, 19082, DATA.resolve("node-3"))), nodes);
        Map<String, String> env = nodes.get(1).environment("127.0.0.1:19092");
        assertEquals("node-2", env.get("OBSERVER_NODE_NAME"));
        assertEquals("18081", env.get("OBSERVER_HTTP_PORT"));
        assertEquals("19081", env.get("OBSERVER_RPC_PORT"));
        assertEquals("/srv/observer/node-2", env.get("OBSERVER_DATA_DIR"));
    }

    @Test
    void aGivenNodeNamePrefixesTheNamesOfSeveralNodesSoMachinesDoNotClash() {
        List<NodePlan> nodes = NodePlan.plan(2, 8080, 0, DATA, "host-b");
        assertEquals("host-b-1", nodes.get(0).name());
        assertEquals("host-b-2", nodes.get(1).name());
        assertEquals(DATA.resolve("node-2"), nodes.get(1).dataDir());
    }

    @Test
    void aGivenRpcPortIsTheFirstOfConsecutiveOnes() {
        List<NodePlan> nodes = NodePlan.plan(2, 8080, 7000, DATA, null);
        assertEquals(7000, nodes.get(0).rpcPort());
        assertEquals(7001, nodes.get(1).rpcPort());
    }

    @Test
    void portsBeyondTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodePlan.plan(2, 65535, 0, DATA, null));
        assertThrows(IllegalArgumentException.class, () -> NodePlan.plan(1, 65000, 0, DATA, null));
        assertNull(NodePlan.plan(1, 64535, 0, DATA, null).get(0).name());
    }
}
