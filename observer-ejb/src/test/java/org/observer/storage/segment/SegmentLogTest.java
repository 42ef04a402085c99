package org.observer.storage.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.analysis.FieldValue;
import org.observer.storage.LogRecord;
import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteSink;

/** The write-ahead file alone: frames written, replayed, cut at a torn tail, and files left as they were. */
class SegmentLogTest {

    @TempDir
    Path dir;

    private static ByteSink payload(long offset) {
        String text = "line " + offset;
        ByteSink out = new ByteSink(64);
        RecordCodec.encode(new LogRecord(0, offset, 1000 + offset, ("{\"m\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8),
                List.of(new FieldValue("m", text))), out);
        return out;
    }

    private List<Long> replayedOffsets(SegmentLog log) throws Exception {
        List<Long> offsets = new ArrayList<>();
        log.replay((position, record) -> offsets.add(record.offset()));
        return offsets;
    }

    @Test
    void framesAppendedAreReplayedInOrderAndCloseCutsTheFileToThem() throws Exception {
        Path file = dir.resolve(StorageFormat.SEGMENT_FILE);
        SegmentLog log = new SegmentLog(file);
        assertFalse(Files.exists(file), "no file until the first append");
        int end = StorageFormat.HEADER_BYTES;
        for (long offset = 0; offset < 5; offset++) {
            ByteSink payload = payload(offset);
            assertEquals(end + StorageFormat.FRAME_HEADER_BYTES, log.append(payload));
            end += StorageFormat.FRAME_HEADER_BYTES + payload.size();
        }
        assertEquals(end, log.bytes());
        assertEquals(StorageFormat.SEGMENT_MIN_BYTES, Files.size(file), "allocated ahead, in whole steps");
        log.force();
        log.close();
        assertEquals(end, Files.size(file), "closing cuts the zeros after the last frame");

        SegmentLog reopened = new SegmentLog(file);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), replayedOffsets(reopened));
        assertEquals(end, reopened.bytes());
        reopened.close();
    }

    @Test
    void aTornFrameEndsTheReplayAndTheNextAppendOverwritesIt() throws Exception {
        Path file = dir.resolve(StorageFormat.SEGMENT_FILE);
        SegmentLog log = new SegmentLog(file);
        for (long offset = 0; offset < 3; offset++) {
            log.append(payload(offset));
        }
        int third = StorageFormat.HEADER_BYTES + 2 * (StorageFormat.FRAME_HEADER_BYTES + payload(0).size());
        log.force();
        log.abandon(); // as a crash: the mapping's zeros stay after the frames
        byte[] bytes = Files.readAllBytes(file);
        bytes[third + StorageFormat.FRAME_HEADER_BYTES + 3] ^= 1; // the third frame's payload no longer matches its CRC
        Files.write(file, bytes);

        SegmentLog replayed = new SegmentLog(file);
        assertEquals(List.of(0L, 1L), replayedOffsets(replayed));
        assertArrayEquals(bytes, Files.readAllBytes(file), "replaying writes nothing");
        assertEquals(third, replayed.bytes());

        assertEquals(third + StorageFormat.FRAME_HEADER_BYTES, replayed.append(payload(7)), "written where the torn frame was");
        replayed.close();
        assertEquals(List.of(0L, 1L, 7L), replayedOffsets(new SegmentLog(file)));
    }

    @Test
    void aLogOnlyReplayedIsLeftExactlyAsItWasOnClose() throws Exception {
        Path file = dir.resolve(StorageFormat.SEGMENT_FILE);
        SegmentLog log = new SegmentLog(file);
        log.append(payload(1));
        log.force();
        log.abandon();
        byte[] before = Files.readAllBytes(file);

        SegmentLog replayed = new SegmentLog(file);
        assertEquals(List.of(1L), replayedOffsets(replayed));
        replayed.force();
        replayed.close();
        assertArrayEquals(before, Files.readAllBytes(file));
        assertTrue(ByteBuffer.wrap(before).getInt(0) == StorageFormat.SEGMENT_MAGIC);
    }

    @Test
    void closeAndDeleteRemovesTheFile() throws Exception {
        Path file = dir.resolve(StorageFormat.SEGMENT_FILE);
        SegmentLog log = new SegmentLog(file);
        log.append(payload(1));
        log.closeAndDelete();
        assertFalse(Files.exists(file));
        assertEquals(0, log.diskBytes());
    }
}
