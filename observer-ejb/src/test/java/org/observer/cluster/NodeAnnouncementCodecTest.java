package org.observer.cluster;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeAnnouncementCodecTest {

    static NodeAnnouncement announcement(String name, Map<Integer, Long> lag) {
        return new NodeAnnouncement(name, "http://" + name + ":8080", name + ":9080", "0.1.0-SNAPSHOT", false,
                1_795_700_000_000L, 1_795_700_060_000L, 123_456_789L, 1_073_741_824L, 5_000_000L, 900_000_000L, 3,
                1234.5, lag);
    }

    @Test
    void announcementsRoundTrip() {
        NodeAnnouncement a = announcement("node-a", Map.of(2, 17L, 0, -1L));
        assertEquals(a, NodeAnnouncementCodec.decode(NodeAnnouncementCodec.encode(a)));
        NodeAnnouncement leaving = a.leavingAt(1_795_700_062_000L);
        NodeAnnouncement decoded = NodeAnnouncementCodec.decode(NodeAnnouncementCodec.encode(leaving));
        assertEquals(leaving, decoded);
        assertTrue(decoded.leaving());
        assertEquals(List.of(), decoded.partitions());
    }

    @Test
    void anAnnouncementIsSmallVersionedJsonWithPartitionsAndTheirLags() {
        String json = new String(NodeAnnouncementCodec.encode(announcement("a", Map.of(3, 5L, 1, 0L))), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"v\":1,\"name\":\"a\","), json);
        assertTrue(json.contains("\"state\":\"active\""), json);
        assertTrue(json.contains("\"partitions\":{\"1\":0,\"3\":5}"), json);
        assertTrue(json.length() < 400, json.length() + " bytes: " + json);
    }

    @Test
    void standbyCopiesAndHandoversTravelAsListsAndOlderAnnouncementsHaveNone() {
        NodeAnnouncement a = new NodeAnnouncement("a", "u", "r", "v", false, 1, 2, 3, 4, 5, 6, 7, 8, Map.of(0, 1L),
                List.of(3, 1), List.of(5), 512L << 20, 300L << 20);
        String json = new String(NodeAnnouncementCodec.encode(a), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"replicas\":[1,3],\"handing_over\":[5]"), json);
        NodeAnnouncement decoded = NodeAnnouncementCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(1, 3), decoded.replicas());
        assertEquals(List.of(5), decoded.handingOver());
        assertEquals(a, decoded);
        assertTrue(json.contains("\"memory_budget\":536870912,\"memory_used\":314572800"), json);
        String older = json.replace(",\"replicas\":[1,3],\"handing_over\":[5]", "");
        assertEquals(List.of(), NodeAnnouncementCodec.decode(older.getBytes(StandardCharsets.UTF_8)).replicas());
        assertEquals(List.of(), NodeAnnouncementCodec.decode(older.getBytes(StandardCharsets.UTF_8)).handingOver());
        String oldest = older.replace(",\"memory_budget\":536870912,\"memory_used\":314572800", "");
        assertEquals(-1, NodeAnnouncementCodec.decode(oldest.getBytes(StandardCharsets.UTF_8)).memoryBudgetBytes());
    }

    @Test
    void theRateKeepsATenthOfALogPerSecond() {
        NodeAnnouncement a = new NodeAnnouncement("a", "u", "r", "v", false, 1, 2, 3, 4, 5, 6, 7, 10.0 / 3, Map.of());
        assertEquals(3.3, NodeAnnouncementCodec.decode(NodeAnnouncementCodec.encode(a)).ingestRate());
    }

    @Test
    void fieldsThisVersionDoesNotKnowAreIgnored() {
        NodeAnnouncement a = NodeAnnouncementCodec.decode(("{\"v\":1,\"name\":\"b\",\"url\":\"http://b:1\",\"rpc\":\"b:2\","
                + "\"state\":\"active\",\"started\":10,\"sent\":20,\"zone\":\"eu-1\",\"standbys\":[1,2],"
                + "\"partitions\":{\"0\":4},\"extra\":{\"nested\":true}}").getBytes(StandardCharsets.UTF_8));
        assertEquals("b", a.name());
        assertEquals(Map.of(0, 4L), a.lag());
        assertEquals(-1, a.heapUsedBytes(), "a load figure left out is unknown");
        assertEquals("", a.version());
        assertFalse(a.leaving());
    }

    @Test
    void badInputIsRejectedSayingWhatIsWrong() {
        assertRejected("not json", "not a node announcement");
        assertRejected("[1,2]", "not a node announcement");
        assertRejected("{\"name\":\"a\"}", "version missing");
        assertRejected(valid().replace("\"v\":1", "\"v\":2"), "version 2 is not readable");
        assertRejected(valid().replace("\"name\":\"a\",", ""), "field name is missing");
        assertRejected(valid().replace("\"name\":\"a\"", "\"name\":\"\""), "field name");
        assertRejected(valid().replace("\"sent\":20", "\"sent\":\"soon\""), "field sent is \"soon\": expected a number");
        assertRejected(valid().replace("active", "dancing"), "state is 'dancing'");
        assertRejected(valid().replace("{\"0\":4}", "{\"x\":4}"), "partition 'x'");
        assertRejected(valid().replace("{\"0\":4}", "{\"0\":\"4\"}"), "lag of partition 0");
        assertRejected(valid().replace("{\"0\":4}", "[0]"), "field partitions");
    }

    private static String valid() {
        return "{\"v\":1,\"name\":\"a\",\"url\":\"http://a:1\",\"rpc\":\"a:2\",\"state\":\"active\",\"started\":10,"
                + "\"sent\":20,\"partitions\":{\"0\":4}}";
    }

    private static void assertRejected(String json, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeAnnouncementCodec.decode(json.getBytes(StandardCharsets.UTF_8)), json);
        assertTrue(e.getMessage().contains(reason), "'" + e.getMessage() + "' should say " + reason);
    }
}
