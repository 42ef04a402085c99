package org.observer.storage.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.observer.storage.CorruptIndexException;

/** Checksummed bytes that fail to decode are corruption; any other failure is a bug and stays one. */
class DecodingTest {

    private static final Path FILE = Path.of("chunk-00001.dict");

    @Test
    void aDecoderRunningPastItsBytesIsCorruptionNamingTheFile() {
        byte[] unterminated = {(byte) 0x80, (byte) 0x80};
        IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class,
                () -> VarInts.read(unterminated, 0));
        CorruptIndexException corrupt = Decoding.corrupt(FILE, "malformed block 3", past);
        assertEquals(FILE, corrupt.file());
        assertSame(past, corrupt.getCause());

        IllegalStateException tooLong = assertThrows(IllegalStateException.class,
                () -> new ByteCursor(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1, -1, -1}), 0).readVInt());
        assertEquals(FILE, Decoding.corrupt(FILE, "malformed", tooLong).file());
    }

    @Test
    void aBugIsRethrownAsItIs() {
        NullPointerException bug = new NullPointerException("a field the code forgot to set");
        assertSame(bug, assertThrows(NullPointerException.class, () -> Decoding.corrupt(FILE, "malformed", bug)));
        IllegalArgumentException argument = new IllegalArgumentException("unsupported plan");
        assertSame(argument, assertThrows(IllegalArgumentException.class,
                () -> Decoding.corrupt(FILE, "malformed", argument)));
    }
}
