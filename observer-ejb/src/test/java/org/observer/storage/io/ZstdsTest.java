package org.observer.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ZstdsTest {

    /** The readers check a block's length in the meta against its frame before allocating: every frame must say it. */
    @Test
    void aCompressedBlockSaysHowLongItIsRaw() throws Exception {
        byte[] raw = "x".repeat(3 << 20).concat("and some text 12345").getBytes(StandardCharsets.UTF_8);
        byte[] compressed = BlockCompressor.compress(List.of(raw), 3, null)[0];
        ByteBuffer direct = ByteBuffer.allocateDirect(compressed.length + 7);
        direct.position(7);
        direct.put(compressed);
        assertEquals(raw.length, Zstds.frameContentSize(direct, 7, compressed.length));
        assertEquals(raw.length, Zstds.frameContentSize(ByteBuffer.wrap(compressed), 0, compressed.length));
        assertArrayEquals(raw, Zstds.decompress(direct, 7, compressed.length, raw.length, null));
        // not a frame: nothing declared
        assertEquals(-1, Zstds.frameContentSize(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}), 0, 6));
    }
}
