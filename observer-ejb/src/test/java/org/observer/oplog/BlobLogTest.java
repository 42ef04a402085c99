package org.observer.oplog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlobLogTest {

    private static final long DAY = 86_400_000L;
    /** 2024-03-10T00:00Z. */
    private static final long DAY0 = LocalDate.of(2024, 3, 10).toEpochDay() * DAY;
    private static final long BIG = 64L << 20;

    @TempDir
    Path dir;

    /** Deterministic payload of a sequence: random (incompressible) bytes of the given size. */
    private static byte[] payload(long sequence, int size) {
        byte[] bytes = new byte[size];
        new Random(sequence * 31 + size).nextBytes(bytes);
        return bytes;
    }

    /** Varied sizes: empty, tiny, medium, and now and then 100 KB. */
    private static int variedSize(long sequence) {
        if (sequence % 97 == 0) {
            return 100_000;
        }
        return Math.max(0, (int) (sequence * 7919 % 1500) - 100);
    }

    private static BlobRecord record(long sequence, long time, int size) {
        return new BlobRecord(sequence, time, payload(sequence, size));
    }

    /** count records from firstSequence, one ms apart from time, payloads of size bytes. */
    private static List<BlobRecord> batch(long firstSequence, int count, long time, int size) {
        List<BlobRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(firstSequence + i, time + i, size));
        }
        return records;
    }

    private static List<BlobRecord> scan(BlobLog log, long from, long to, int expectedSkipped) throws Exception {
        List<BlobRecord> seen = new ArrayList<>();
        assertEquals(expectedSkipped, log.scan(from, to, seen::add));
        return seen;
    }

    private static List<BlobRecord> scanAll(BlobLog log) throws Exception {
        return scan(log, Long.MIN_VALUE, Long.MAX_VALUE, 0);
    }

    private static void assertRecords(List<BlobRecord> expected, List<BlobRecord> actual) {
        assertEquals(sequences(expected), sequences(actual));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).time(), actual.get(i).time(), "time of " + expected.get(i).sequence());
            assertArrayEquals(expected.get(i).payload(), actual.get(i).payload(),
                    "payload of " + expected.get(i).sequence());
        }
    }

    private static List<Long> sequences(List<BlobRecord> records) {
        return records.stream().map(BlobRecord::sequence).collect(Collectors.toList());
    }

    private static List<Long> range(long from, long toExclusive) {
        return LongStream.range(from, toExclusive).boxed().collect(Collectors.toList());
    }

    /** Start of each frame of an archive file, read from the format, then the end of the last one. */
    private static List<Long> frameStarts(Path file) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        List<Long> starts = new ArrayList<>();
        int position = BlobFrames.FILE_HEADER_BYTES;
        while (position + BlobFrames.FRAME_HEADER_BYTES <= bytes.capacity()) {
            assertEquals(BlobFrames.FRAME_MAGIC, bytes.getInt(position));
            starts.add((long) position);
            position += BlobFrames.FRAME_HEADER_BYTES + bytes.getInt(position + 45) + BlobFrames.FRAME_TRAILER_BYTES;
        }
        starts.add((long) position);
        return starts;
    }

    private static void flipByte(Path file, long position) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, position);
        }
    }

    private static void truncate(Path file, long length) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
    }

    private static Path last(List<Path> files) {
        return files.get(files.size() - 1);
    }

    @Test
    void roundTripOfManyRecordsWithVariedPayloads() throws Exception {
        List<BlobRecord> all = new ArrayList<>();
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(-1, log.lastSequence());
            assertEquals(List.of(), scanAll(log));
            Random random = new Random(7);
            long sequence = 0;
            while (sequence < 3000) {
                int count = 1 + random.nextInt(150);
                List<BlobRecord> records = new ArrayList<>();
                for (int i = 0; i < count; i++, sequence++) {
                    records.add(record(sequence, DAY0 + 3_600_000 + sequence * 10, variedSize(sequence)));
                }
                assertEquals(count, log.append(records));
                all.addAll(records);
            }
            assertEquals(sequence - 1, log.lastSequence());
            assertEquals(1, log.files().size());
            assertRecords(all, scanAll(log));

            // A time range: [time of 100, time of 200).
            assertRecords(all.subList(100, 200), scan(log, all.get(100).time(), all.get(200).time(), 0));

            // The visitor stops the scan.
            List<BlobRecord> firstFive = new ArrayList<>();
            assertEquals(0, log.scan(Long.MIN_VALUE, Long.MAX_VALUE, r -> firstFive.add(r) && firstFive.size() < 5));
            assertEquals(range(0, 5), sequences(firstFive));
        }
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertRecords(all, scanAll(log));
        }
    }

    @Test
    void replayedSequencesAreSkipped() throws Exception {
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(10, log.append(batch(0, 10, DAY0, 50)));
            assertEquals(5, log.append(batch(5, 10, DAY0 + 5, 50))); // 5..9 replayed, 10..14 new
            assertEquals(14, log.lastSequence());
            long size = Files.size(last(log.files()));

            assertEquals(0, log.append(batch(0, 15, DAY0, 50)));
            assertEquals(0, log.append(List.of()));
            assertEquals(14, log.lastSequence());
            assertEquals(size, Files.size(last(log.files())), "a replay writes nothing");
            assertEquals(range(0, 15), sequences(scanAll(log)));

            // An unordered batch: what is not above the sequences before it is skipped too.
            List<BlobRecord> unordered = List.of(record(20, DAY0, 5), record(17, DAY0, 5), record(21, DAY0, 5));
            assertEquals(2, log.append(unordered));
            assertEquals(21, log.lastSequence());
            List<Long> expected = range(0, 15);
            expected.addAll(List.of(20L, 21L));
            assertEquals(expected, sequences(scanAll(log)));
        }
    }

    @Test
    void smallFilesRotateBySizeAndScanStillReturnsAllInOrder() throws Exception {
        long maxFileBytes = 4096;
        List<BlobRecord> all = new ArrayList<>();
        try (BlobLog log = BlobLog.open(dir, maxFileBytes)) {
            for (long sequence = 0; sequence < 200; sequence += 5) {
                List<BlobRecord> records = batch(sequence, 5, DAY0 + sequence * 1000, 300);
                assertEquals(5, log.append(records));
                all.addAll(records);
            }
            List<Path> files = log.files();
            assertTrue(files.size() >= 10, "files: " + files);
            long previousNumber = 0;
            for (Path file : files) {
                assertTrue(Files.size(file) <= maxFileBytes, file + " is " + Files.size(file) + " bytes");
                String name = file.getFileName().toString();
                assertTrue(name.matches("oplog-2024-03-10-\\d{4}\\.zlog"), name);
                long number = Long.parseLong(name.substring(17, 21));
                assertTrue(number > previousNumber, name);
                previousNumber = number;
            }
            assertRecords(all, scanAll(log));
        }
        try (BlobLog log = BlobLog.open(dir, maxFileBytes)) {
            assertEquals(199, log.lastSequence());
            assertRecords(all, scanAll(log));
        }
    }

    @Test
    void recordsOfTwoUtcDaysGoToTwoFilesAndScansOfOneDaySkipTheOther() throws Exception {
        List<BlobRecord> first = batch(0, 10, DAY0 + DAY - 20, 40); // the last 20 ms of day 0
        List<BlobRecord> second = batch(10, 10, DAY0 + DAY + 5, 40); // day 1
        // One append across the next midnight: its records still land on their own day.
        List<BlobRecord> crossing = batch(20, 10, DAY0 + 2 * DAY - 5, 40);
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            log.append(first);
            log.append(second);
            List<Path> files = log.files();
            assertEquals(List.of("oplog-2024-03-10-0001.zlog", "oplog-2024-03-11-0002.zlog"),
                    files.stream().map(p -> p.getFileName().toString()).toList());
            assertRecords(first, scan(log, DAY0, DAY0 + DAY, 0));
            assertRecords(second, scan(log, DAY0 + DAY, DAY0 + 2 * DAY, 0));

            assertEquals(10, log.append(crossing));
            assertEquals(3, log.files().size());
            List<BlobRecord> day1 = new ArrayList<>(second);
            day1.addAll(crossing.subList(0, 5));
            assertRecords(day1, scan(log, DAY0 + DAY, DAY0 + 2 * DAY, 0));
            assertRecords(crossing.subList(5, 10), scan(log, DAY0 + 2 * DAY, DAY0 + 3 * DAY, 0));

            // Day 0's file is not even opened by a scan of day 1: garbage there goes unnoticed...
            Path day0 = files.get(0);
            byte[] garbage = new byte[(int) Files.size(day0)];
            Arrays.fill(garbage, (byte) 0x77);
            Files.write(day0, garbage);
            assertRecords(day1, scan(log, DAY0 + DAY, DAY0 + 2 * DAY, 0));
            // ...but not by a scan of day 0.
            assertEquals(List.of(), scan(log, DAY0, DAY0 + DAY, 1));
        }
    }

    @Test
    void reopeningKeepsLastSequenceAndAppendsToTheSameFile() throws Exception {
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            log.append(batch(0, 10, DAY0, 100));
            log.append(batch(10, 10, DAY0 + 10, 100));
        }
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(19, log.lastSequence());
            assertEquals(5, log.append(batch(15, 10, DAY0 + 15, 100)));
            assertEquals(24, log.lastSequence());
            assertEquals(1, log.files().size());
        }
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(24, log.lastSequence());
            assertEquals(range(0, 25), sequences(scanAll(log)));
        }
    }

    /** Writes three frames of ten records (sequences 0..29) and closes the log: returns its file. */
    private Path threeFrames() throws Exception {
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            for (int frame = 0; frame < 3; frame++) {
                log.append(batch(frame * 10, 10, DAY0 + frame * 10, 60));
            }
            return last(log.files());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 57, 300})
    void tornTailIsCutToTheLastWholeFrame(int cut) throws Exception {
        Path file = threeFrames();
        List<Long> starts = frameStarts(file);
        assertEquals(4, starts.size());
        assertTrue(starts.get(3) - starts.get(2) > 300);
        truncate(file, Files.size(file) - cut);

        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(19, log.lastSequence());
            assertEquals(starts.get(2), Files.size(file), "truncated to the end of the last whole frame");
            assertEquals(range(0, 20), sequences(scanAll(log)));
            assertEquals(10, log.append(batch(20, 10, DAY0 + 20, 60)));
            assertRecords(batch(20, 10, DAY0 + 20, 60), scan(log, DAY0 + 20, DAY0 + 30, 0));
        }
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(29, log.lastSequence());
            assertEquals(range(0, 30), sequences(scanAll(log)));
        }
    }

    @Test
    void garbageAfterTheLastFrameIsCut() throws Exception {
        Path file = threeFrames();
        long size = Files.size(file);
        byte[] garbage = new byte[100];
        new Random(3).nextBytes(garbage);
        ByteBuffer.wrap(garbage).putInt(0, BlobFrames.FRAME_MAGIC); // looks like a frame at first
        Files.write(file, garbage, StandardOpenOption.APPEND);

        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(29, log.lastSequence());
            assertEquals(size, Files.size(file));
            assertEquals(10, log.append(batch(30, 10, DAY0 + 30, 60)));
            assertEquals(range(0, 40), sequences(scanAll(log)));
        }
    }

    @Test
    void aLastFrameFailingItsChecksumIsCut() throws Exception {
        Path file = threeFrames();
        List<Long> starts = frameStarts(file);
        flipByte(file, starts.get(2) + BlobFrames.FRAME_HEADER_BYTES + 10); // inside the last block

        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(19, log.lastSequence());
            assertEquals(starts.get(2), Files.size(file));
            assertEquals(10, log.append(batch(20, 10, DAY0 + 20, 60)));
            assertRecords(batch(20, 10, DAY0 + 20, 60), scan(log, DAY0 + 20, DAY0 + 30, 0));
            assertEquals(range(0, 30), sequences(scanAll(log)));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, false", "5, false", "8, false", "0, true", "8, true"})
    void newestFileWithoutFramesTakesLastSequenceFromThePreviousFile(int length, boolean nextDay) throws Exception {
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            log.append(batch(0, 10, DAY0, 60));
            log.append(batch(10, 10, DAY0 + DAY, 60));
            assertEquals(2, log.files().size());
        }
        Path newest = dir.resolve(BlobLog.fileName(BlobLog.day(DAY0 + DAY), 2));
        truncate(newest, length); // the crash came before its first frame, maybe before its header

        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(9, log.lastSequence());
            assertEquals(range(0, 10), sequences(scanAll(log)));
            long time = nextDay ? DAY0 + 2 * DAY : DAY0 + DAY;
            assertEquals(10, log.append(batch(10, 10, time, 60)));
            // The same day goes to the frameless file; another day replaces it by a new file.
            String expected = nextDay ? "oplog-2024-03-12-0003.zlog" : "oplog-2024-03-11-0002.zlog";
            assertEquals(List.of("oplog-2024-03-10-0001.zlog", expected),
                    log.files().stream().map(p -> p.getFileName().toString()).toList());
            assertEquals(nextDay, !Files.exists(newest));
        }
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(19, log.lastSequence());
            assertEquals(range(0, 20), sequences(scanAll(log)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"header", "block", "blockCrc"})
    void aDamagedMiddleFrameIsSkippedAndCounted(String where) throws Exception {
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            for (int frame = 0; frame < 3; frame++) {
                log.append(batch(frame * 10, 10, DAY0 + frame * 10, 60));
            }
            Path file = last(log.files());
            List<Long> starts = frameStarts(file);
            long offset = switch (where) {
                case "header" -> 30;
                case "block" -> BlobFrames.FRAME_HEADER_BYTES + 20;
                default -> starts.get(2) - starts.get(1) - 2;
            };
            flipByte(file, starts.get(1) + offset);

            List<Long> expected = range(0, 10);
            expected.addAll(range(20, 30));
            assertEquals(expected, sequences(scan(log, Long.MIN_VALUE, Long.MAX_VALUE, 1)));
            // A range that leaves the damaged frame out does not read its block (a bad header
            // cannot tell its range, so it is still counted).
            assertEquals(range(20, 30), sequences(scan(log, DAY0 + 20, DAY0 + 30, where.equals("header") ? 1 : 0)));
        }
    }

    @Test
    void aRecordWithABadChecksumIsSkippedAndCounted() throws Exception {
        Path file;
        try (BlobLog log = BlobLog.open(dir, BIG)) {
            log.append(batch(0, 10, DAY0, 60));
            file = last(log.files());
        }
        // A frame whose block is sound but whose record 12 has a wrong payload CRC.
        List<BlobRecord> records = batch(10, 5, DAY0 + 10, 60);
        byte[] raw = BlobFrames.rawBlock(records);
        int crcOf12 = 2 * (BlobFrames.RECORD_HEADER_BYTES + 60) + 20;
        raw[crcOf12] ^= 1;
        Files.write(file, BlobFrames.frame(records, raw), StandardOpenOption.APPEND);

        try (BlobLog log = BlobLog.open(dir, BIG)) {
            assertEquals(14, log.lastSequence());
            List<Long> expected = range(0, 12);
            expected.addAll(List.of(13L, 14L));
            assertEquals(expected, sequences(scan(log, Long.MIN_VALUE, Long.MAX_VALUE, 1)));
        }
    }

    /** The first record of each batch is large, so a frame takes long enough to write that a reader may catch it half-written. */
    private static int concurrentSize(long sequence) {
        return sequence % 5 == 0 ? 400_000 : (int) (sequence % 200);
    }

    /** Checks that a scan from sequence {@code from} saw whole frames in order: returns the next sequence. */
    private static int checkContinues(int from, List<BlobRecord> seen, int perBatch) {
        assertEquals(0, seen.size() % perBatch, "whole frames only");
        for (int i = 0; i < seen.size(); i++) {
            BlobRecord r = seen.get(i);
            assertEquals(from + i, r.sequence());
            assertEquals(DAY0 + from + i, r.time());
            assertEquals(concurrentSize(from + i), r.payload().length);
        }
        return from + seen.size();
    }

    @Test
    void concurrentScansSeeAWholeFramePrefix() throws Exception {
        int batches = 100;
        int perBatch = 5;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (BlobLog log = BlobLog.open(dir, 2 << 20)) {
            Thread writer = new Thread(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        long first = (long) b * perBatch;
                        List<BlobRecord> records = new ArrayList<>();
                        for (long s = first; s < first + perBatch; s++) {
                            records.add(record(s, DAY0 + s, concurrentSize(s)));
                        }
                        log.append(records);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            writer.start();
            int scans = 0;
            int next = 0; // the sequence (and time offset) the next scan starts at
            boolean done = false;
            while (!done) {
                done = !writer.isAlive(); // one more round after the writer finished
                // Mostly cheap scans of the newest frames (older frames are skipped by their header),
                // now and then the whole archive.
                if (scans % 20 == 0) {
                    int whole = checkContinues(0, scan(log, Long.MIN_VALUE, Long.MAX_VALUE, 0), perBatch);
                    assertTrue(whole >= next, "never fewer than the previous scan");
                    next = whole;
                } else {
                    next = checkContinues(next, scan(log, DAY0 + next, Long.MAX_VALUE, 0), perBatch);
                }
                scans++;
            }
            writer.join();
            if (failure.get() != null) {
                throw new AssertionError("writer failed", failure.get());
            }
            assertEquals(batches * perBatch, next);
            assertTrue(log.files().size() > 5);
            assertTrue(scans > 1);
            List<BlobRecord> all = scanAll(log);
            for (int i = 0; i < all.size(); i++) {
                assertArrayEquals(payload(i, concurrentSize(i)), all.get(i).payload());
            }
        }
    }
}
