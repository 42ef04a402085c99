package org.observer.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.observer.storage.StorageFormat;
import org.observer.storage.LogSequence;
import org.observer.storage.io.ByteSink;
import org.observer.storage.search.Candidate;

/** Sealed records: timestamp text cut out, long values split from skeletons, every byte back. */
class RecordBlockTest {

    private static final long T = 1_751_328_000_123L; // 2025-07-01T00:00:00.123Z

    /** Record {@code index} read back from a block written with templates and from one without. */
    private static byte[] roundTrip(List<byte[]> sources, long[] timestamps, int index) {
        byte[] whole = roundTrip(sources, timestamps, index, false);
        byte[] templated = roundTrip(sources, timestamps, index, true);
        assertArrayEquals(whole, templated);
        return templated;
    }

    private static byte[] roundTrip(List<byte[]> sources, long[] timestamps, int index, boolean templates) {
        RecordBlock.Writer writer = new RecordBlock.Writer(templates);
        for (int i = 0; i < sources.size(); i++) {
            writer.add(i % 3, LogSequence.of(1000L + 7L * i, 0), timestamps[i], sources.get(i), sources.get(i).length);
        }
        ByteSink raw = new ByteSink(1024);
        writer.finish(raw);
        RecordBlock.View view = new RecordBlock.View(Arrays.copyOf(raw.array(), raw.size()), StorageFormat.CHUNK_VERSION);
        assertEquals(sources.size(), view.count());
        assertEquals(index % 3, view.partition(index));
        assertEquals(LogSequence.of(1000L + 7L * index, 0), view.sequence(index));
        byte[] source = view.source(index, timestamps[index]);
        // A lone fetch reads the same record without a view, from a scratch array longer than the block.
        Candidate one = new Candidate(timestamps[index], null, index);
        byte[] scratch = Arrays.copyOf(raw.array(), raw.size() + 64);
        Arrays.fill(scratch, raw.size(), scratch.length, (byte) '7');
        RecordBlock.readOne(scratch, StorageFormat.CHUNK_VERSION, index, timestamps[index], one);
        assertEquals(index % 3, one.partition);
        assertEquals(LogSequence.of(1000L + 7L * index, 0), one.sequence);
        assertArrayEquals(source, one.source);
        return source;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void awkwardSourcesComeBackByteIdentical() {
        List<byte[]> sources = List.of(
                utf8("{\"@timestamp\":\"2025-07-01T00:00:00.123Z\",\"message\":\"a message long enough to move\"}"),
                utf8("{\"message\":\"escaped \\\"quotes\\\" and \\\\ backslashes, long enough\",\"n\":1}"),
                utf8("{\"at\":\"2025-07-01T00:00:00Z\",\"msg\":\"whole-second form of the time, in a long value\"}"),
                utf8("{\"very long key name indeed\":\"v\",\"k\":\"short\"}"),
                utf8("{\"msg\":\"the time 2025-07-01T00:00:00.123Z inside a long value stays put\"}"),
                utf8("{\"unclosed\":\"string that never ends and is long"),
                new byte[] {'{', '"', 'a', '"', ':', '"', 0, 1, 2, '"', '}'},
                new byte[] {0, (byte) 0xFF, (byte) 0xC3, 1, 10},
                new byte[0],
                utf8("{\"m\":\"日本語のログ行はここにあります、十分に長いです\",\"t\":\"2025-07-01T00:00:00.123Z\"}"),
                utf8("[\"an array\", \"with a long string value in it\", 42]"),
                utf8("{\"msg\":\"ends with a backslash escape, long enough\\\\\"}"));
        long[] timestamps = new long[sources.size()];
        Arrays.fill(timestamps, T);
        timestamps[2] = T - 123; // a whole second
        for (int i = 0; i < sources.size(); i++) {
            assertArrayEquals(sources.get(i), roundTrip(sources, timestamps, i), "source " + i);
        }
    }

    @Test
    void randomSourcesComeBackByteIdentical() {
        Random random = new Random(3);
        String alphabet = "ab \"\\:{},2025-07-01T00Z.é_xu~9\u0000\u0001\u0002";
        for (int round = 0; round < 300; round++) {
            List<byte[]> sources = new ArrayList<>();
            long[] timestamps = new long[1 + random.nextInt(20)];
            for (int i = 0; i < timestamps.length; i++) {
                timestamps[i] = T + random.nextInt(3) * 1000L - (random.nextBoolean() ? 123 : 0);
                StringBuilder sb = new StringBuilder("{\"@timestamp\":\"");
                sb.append(random.nextBoolean() ? "2025-07-01T00:00:00.123Z" : "2025-07-01T00:00:01Z").append("\",");
                int n = random.nextInt(80);
                for (int j = 0; j < n; j++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                sources.add(utf8(sb.toString()));
            }
            for (int i = 0; i < sources.size(); i++) {
                assertArrayEquals(sources.get(i), roundTrip(sources, timestamps, i), "round " + round + " source " + i);
            }
        }
    }

    @Test
    void theTimestampTextAndLongValuesLeaveTheSkeleton() {
        List<byte[]> sources = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sources.add(utf8("{\"@timestamp\":\"2025-07-01T00:00:00.123Z\",\"message\":\"request " + i
                    + " served from the cache\",\"level\":\"info\"}"));
        }
        RecordBlock.Writer writer = new RecordBlock.Writer(true);
        for (byte[] source : sources) {
            writer.add(0, 0, T, source, source.length);
        }
        ByteSink raw = new ByteSink(1024);
        writer.finish(raw);
        String text = new String(raw.array(), 0, raw.size(), StandardCharsets.ISO_8859_1);
        assertTrue(!text.contains("2025-07-01"), "timestamp text stored");
        // The skeleton is stored once per record, with a hole where the message was.
        assertTrue(text.contains("{\"@timestamp\":\"\",\"message\":\"\u0001\",\"level\":\"info\"}"), text);
    }

    @Test
    void timestampTextIsFoundAcrossSecondsHoursAndDays() {
        // One writer sees the seconds of a day in order, then the next days: each text is cut and restored.
        long[] timestamps = new long[400];
        List<byte[]> sources = new ArrayList<>();
        Random random = new Random(3);
        long t = T - 3_600_000L;
        for (int i = 0; i < timestamps.length; i++) {
            t += random.nextInt(4) == 0 ? random.nextInt(30) * 3_600_000L + 1 : random.nextInt(70_000);
            timestamps[i] = t;
            String iso = java.time.Instant.ofEpochMilli(t).toString();
            if (t % 1000 != 0 && iso.length() != 24) {
                throw new AssertionError(iso);
            }
            sources.add(utf8("{\"@timestamp\":\"" + iso + "\",\"message\":\"line " + i + "\"}"));
        }
        RecordBlock.Writer writer = new RecordBlock.Writer(true);
        for (int i = 0; i < sources.size(); i++) {
            writer.add(0, LogSequence.of(i, 0), timestamps[i], sources.get(i), sources.get(i).length);
        }
        ByteSink raw = new ByteSink(1024);
        writer.finish(raw);
        String text = new String(raw.array(), 0, raw.size(), StandardCharsets.ISO_8859_1);
        assertTrue(!text.contains("T0") && !text.contains("T1") && !text.contains("T2"), "a timestamp text was stored");
        RecordBlock.View view = new RecordBlock.View(Arrays.copyOf(raw.array(), raw.size()), StorageFormat.CHUNK_VERSION);
        for (int i = 0; i < sources.size(); i++) {
            assertArrayEquals(sources.get(i), view.source(i, timestamps[i]), "record " + i);
        }
    }

    @Test
    void wordsWithDigitsLeaveTheTemplateAndComeBackInPlace() {
        List<byte[]> sources = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sources.add(utf8("{\"message\":\"block blk_-" + (9_000_000_000L + 37L * i) + " from 10.0." + (i % 5) + "." + i
                    + ":50010 took " + (i * 13 % 97) + "ms, escaped \\t\\n " + i + "x and 0x" + Integer.toHexString(i * 7919)
                    + (i % 2 == 0 ? " done" : "") + " seq " + (1_000_000 + i) + "\",\"source\":\"datanode-" + (i % 3) + "\"}"));
        }
        RecordBlock.Writer writer = new RecordBlock.Writer(true);
        for (int i = 0; i < sources.size(); i++) {
            writer.add(0, LogSequence.of(i, 0), T, sources.get(i), sources.get(i).length);
        }
        ByteSink sink = new ByteSink(1024);
        writer.finish(sink);
        byte[] raw = Arrays.copyOf(sink.array(), sink.size());
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("block \u0002 from \u0002:\u0002 took \u0002, escaped"), "the values are templates: " + text);
        // A slot's variables are next to each other: the ports of all lines, then the next slot;
        // a number that is the shorter as a difference to the one before is written so (lines with
        // " done" and without it are two templates, so each slot has every other line).
        assertTrue(text.contains("50010\u0000~0\u0000~0\u0000"), "variables grouped by slot");
        assertTrue(text.contains("1000000\u0000~2\u0000~2\u0000"), "numbers as deltas: " + text);
        RecordBlock.View view = new RecordBlock.View(raw, StorageFormat.CHUNK_VERSION);
        for (int i = sources.size() - 1; i >= 0; i -= 7) {
            assertArrayEquals(sources.get(i), view.source(i, T), "record " + i);
            Candidate one = new Candidate(T, null, i);
            RecordBlock.readOne(raw, StorageFormat.CHUNK_VERSION, i, T, one);
            assertArrayEquals(sources.get(i), one.source, "lone record " + i);
        }
        for (String quick : List.of("blk_-9000000037", "10.0.3.8:50010", "took 13ms", "from 10.0", "0x1eef", "x and 0x",
                "seq 1000059", "00005")) {
            assertTrue(view.mayHold(utf8(quick)), quick + " is in a record");
        }
        for (String quick : List.of("blk_-8000000037", "took 13s", "datanode-7", "nowhere", "seq 1000060")) {
            assertTrue(!view.mayHold(utf8(quick)), quick + " is in no record");
        }
        // Without templates (a hot chunk) the values stay whole.
        RecordBlock.Writer whole = new RecordBlock.Writer(false);
        for (int i = 0; i < sources.size(); i++) {
            whole.add(0, LogSequence.of(i, 0), T, sources.get(i), sources.get(i).length);
        }
        sink.reset();
        whole.finish(sink);
        assertTrue(new String(sink.array(), 0, sink.size(), StandardCharsets.ISO_8859_1).contains("block blk_-9000000000 from"));
        RecordBlock.View wholeView = new RecordBlock.View(Arrays.copyOf(sink.array(), sink.size()), StorageFormat.CHUNK_VERSION);
        assertArrayEquals(sources.get(5), wholeView.source(5, T));
    }
}
