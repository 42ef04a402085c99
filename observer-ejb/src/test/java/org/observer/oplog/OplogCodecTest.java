package org.observer.oplog;

import org.junit.jupiter.api.Test;
import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OplogCodecTest {

    @Test
    void entriesRoundTripWithAndWithoutOptionalFields() {
        OplogEntry full = new OplogEntry(7, 1_795_700_000_000L, "node-1", OplogAction.WRITTEN, "auth-2025-07-10",
                2, 100L, 199L, 100L, "batch \"quoted\"");
        assertEquals(full, OplogCodec.decode(7, OplogCodec.encode(full)));
        OplogEntry bare = new OplogEntry(8, 1L, "n", OplogAction.CLOSED, "x", null, null, null, null, null);
        assertEquals(bare, OplogCodec.decode(8, OplogCodec.encode(bare)));
    }

    @Test
    void anEntryNamesItsVersionAndLeavesOutAbsentValues() {
        String json = new String(OplogCodec.encode(new OplogEntry(-1, 5L, "n", OplogAction.SEALED, "x",
                null, null, null, 3L, null)), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"v\":1,"), json);
        assertTrue(json.contains("\"action\":\"sealed\""), json);
        assertTrue(!json.contains("partition") && !json.contains("detail"), json);
    }

    @Test
    void unreadableEntriesAreRefusedWithTheReason() {
        IllegalArgumentException newer = assertThrows(IllegalArgumentException.class, () -> OplogCodec.decode(1,
                "{\"v\":99,\"time\":1,\"node\":\"n\",\"action\":\"sealed\",\"index\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(newer.getMessage().contains("version 99"), newer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OplogCodec.decode(1, "not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> OplogCodec.decode(1,
                "{\"v\":1,\"time\":1,\"node\":\"n\",\"action\":\"exploded\",\"index\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
