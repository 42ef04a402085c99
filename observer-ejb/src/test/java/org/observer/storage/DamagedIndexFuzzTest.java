package org.observer.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.observer.query.Query;
import org.observer.query.QueryParser;
import org.observer.storage.chunk.ChunkMeta;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.MappedBuffers;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * An index directory damaged on disk: opening, searching (with aggregations) and fetching either
 * work or throw {@link CorruptIndexException} ({@link UnsupportedFormatException} where the damage
 * left a header's version at another value: that is what a file of another release looks like).
 * Any other exception, a hang or an allocation the
 * heap cannot hold fails the test. The input picks a pristine index written by the real writer (a
 * hot chunk with an active segment beside it, or a compacted cold chunk), one of its files, and a
 * few damages to it: bit flips, overwritten bytes, an int32 (a count, a length, a position) set to
 * any value, a truncation. Checksums catch nearly every such damage at once, so the input may also
 * reseal the damage (recompute the meta's file and block checksums, the meta's own, the segment's
 * frame checksums): that is how damage reaches the decoders behind them, as a writer's bug would.
 */
class DamagedIndexFuzzTest {

    private static final long T0 = 1_751_328_000_000L;
    private static final int RECORDS = 600;

    private static final List<Query> QUERIES = Stream.of("", "connection", "refused user", "host:web-1", "port 40007",
            "\"port 40007\"", "4001*", "message:[40010 TO 40020]", "message:>40490", "connection -40007",
            "10 0 3 OR session", "host:*").map(QueryParser::parse).toList();

    private static final Path ROOT;
    /** Per pristine index, its files by name. */
    private static final List<Map<String, byte[]>> PRISTINE = new ArrayList<>();
    private static int run;

    static {
        try {
            // in memory where there is a tmpfs: each input writes, opens and deletes an index directory
            Path shm = Path.of("/dev/shm");
            ROOT = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "observer-damaged-index")
                    : Files.createTempDirectory("observer-damaged-index");
            // at exit, however the run ends: a fuzzing run is often stopped by hand
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    DurableFiles.deleteTree(ROOT);
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }));
            PRISTINE.add(write(ROOT.resolve("hot"), false));
            PRISTINE.add(write(ROOT.resolve("cold"), true));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "1m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void damagedFilesOpenSearchAndFetchOrAreCorrupt(FuzzedDataProvider data) throws IOException {
        Map<String, byte[]> files = new TreeMap<>(PRISTINE.get(data.consumeBoolean() ? 1 : 0));
        String name = data.pickValue(files.keySet().toArray(new String[0]));
        byte[] damaged = files.get(name).clone();
        int damages = data.consumeInt(1, 4);
        for (int i = 0; i < damages && damaged.length > 0; i++) {
            damaged = damage(damaged, data);
        }
        if (data.consumeBoolean()) {
            reseal(files, name, damaged);
        }
        files.put(name, damaged);

        Path dir = ROOT.resolve("run-" + (run++));
        Files.createDirectories(dir);
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(dir.resolve(file.getKey()), file.getValue());
            }
            searchAll(dir, data);
        } finally {
            DurableFiles.deleteTree(dir);
        }
    }

    /** Opens, searches and fetches; only {@link CorruptIndexException} (or another version) may come out. */
    private static void searchAll(Path dir, FuzzedDataProvider data) throws IOException {
        IndexStore store;
        try {
            store = IndexStore.open(dir, TestRecords.SMALL);
        } catch (CorruptIndexException | UnsupportedFormatException e) {
            return;
        }
        try {
            // a few of the queries per input: each one costs, and the fuzzer learns which reach what
            List<Query> queries = List.of(QUERIES.get(0), data.pickValue(QUERIES), data.pickValue(QUERIES));
            for (Query query : queries) {
                try {
                    store.search(query, Long.MIN_VALUE, Long.MAX_VALUE, 20,
                            new Aggregation(T0, 10_000L, 20, List.of("host", "message")));
                    store.search(query, T0 + 30_000L, T0 + 120_000L, 3, null, false);
                } catch (CorruptIndexException | UnsupportedFormatException e) {
                    // the damage was found: what the contract allows
                }
            }
        } finally {
            store.close();
        }
    }

    private static byte[] damage(byte[] bytes, FuzzedDataProvider data) {
        int at = data.consumeInt(0, bytes.length - 1);
        switch (data.consumeInt(0, 4)) {
            case 0 -> bytes[at] ^= (byte) (1 << data.consumeInt(0, 7));
            case 1 -> {
                byte[] with = data.consumeBytes(data.consumeInt(1, 16));
                System.arraycopy(with, 0, bytes, at, Math.min(with.length, bytes.length - at));
            }
            case 2 -> {
                if (at + 4 <= bytes.length) {
                    int value = data.consumeBoolean() ? data.consumeInt()
                            : data.pickValue(new int[] {0, 1, -1, 127, 128, 255, 65_536, Integer.MAX_VALUE, Integer.MIN_VALUE,
                                    bytes.length, bytes.length - at});
                    ByteBuffer.wrap(bytes).putInt(at, value);
                }
            }
            case 3 -> bytes = java.util.Arrays.copyOf(bytes, at);
            default -> {
                int n = data.consumeInt(1, 64);
                java.util.Arrays.fill(bytes, at, Math.min(bytes.length, at + n), data.consumeByte());
            }
        }
        return bytes;
    }

    /** Makes the checksums agree with the damaged file, so the damage reaches the decoders. */
    private static void reseal(Map<String, byte[]> files, String name, byte[] damaged) throws IOException {
        if (name.equals(StorageFormat.SEGMENT_FILE)) {
            resealFrames(damaged);
            return;
        }
        if (name.endsWith(StorageFormat.META_EXT)) {
            if (damaged.length >= StorageFormat.HEADER_BYTES + 4) {
                ByteBuffer.wrap(damaged).putInt(damaged.length - 4,
                        MappedBuffers.crc32c(damaged, 0, damaged.length - 4));
            }
            return;
        }
        int number = Integer.parseInt(name.substring(StorageFormat.CHUNK_PREFIX.length(), name.indexOf('.')));
        String metaName = StorageFormat.chunkFile(number, StorageFormat.META_EXT);
        Path metaFile = ROOT.resolve("meta-scratch");
        Files.write(metaFile, files.get(metaName));
        ChunkMeta meta = ChunkMeta.read(metaFile);
        String[] dataFiles = StorageFormat.chunkDataFiles(number);
        long[] lengths = meta.fileLengths.clone();
        int[] crcs = meta.fileCrcs.clone();
        int[] blockCrcs = meta.blockCrcs.clone();
        for (int i = 0; i < dataFiles.length; i++) {
            if (dataFiles[i].equals(name)) {
                lengths[i] = damaged.length;
                crcs[i] = MappedBuffers.crc32c(damaged, 0, damaged.length);
                if (i == ChunkMeta.FILE_DATA) {
                    for (int b = 0; b < blockCrcs.length; b++) {
                        long end = meta.blockPositions[b] + meta.blockCompressedLengths[b];
                        if (end <= damaged.length) {
                            blockCrcs[b] = MappedBuffers.crc32c(damaged, (int) meta.blockPositions[b], (int) end);
                        }
                    }
                }
            }
        }
        ChunkMeta resealed = new ChunkMeta(meta.number, meta.documents, meta.minTimestamp, meta.maxTimestamp,
                meta.partitions, meta.minSequences, meta.maxSequences, lengths, crcs, meta.blockPositions,
                meta.blockCompressedLengths, meta.blockRawLengths, meta.blockFirstOrdinals, blockCrcs, meta.flags,
                meta.replaces);
        ByteSink encoded = resealed.encode();
        files.put(metaName, java.util.Arrays.copyOf(encoded.array(), encoded.size()));
    }

    /** Recomputes each frame's CRC of the active segment, up to the first impossible length. */
    private static void resealFrames(byte[] segment) {
        ByteBuffer buffer = ByteBuffer.wrap(segment);
        int at = StorageFormat.HEADER_BYTES;
        while (at + StorageFormat.FRAME_HEADER_BYTES <= segment.length) {
            int length = buffer.getInt(at);
            int payload = at + StorageFormat.FRAME_HEADER_BYTES;
            if (length <= 0 || length > segment.length - payload) {
                return;
            }
            buffer.putInt(at + 4, MappedBuffers.crc32c(segment, payload, payload + length));
            at = payload + length;
        }
    }

    /**
     * A pristine index written by the real writer: one sealed chunk (compacted cold when
     * {@code cold}) and, for a hot one, an active segment holding more records.
     */
    private static Map<String, byte[]> write(Path dir, boolean cold) throws IOException {
        List<LogRecord> records = records();
        Map<String, byte[]> files = new TreeMap<>();
        try (IndexStore store = IndexStore.open(dir, TestRecords.SMALL)) {
            store.append(records.subList(0, RECORDS - 100));
            store.seal();
            if (cold) {
                store.compact();
            } else {
                store.append(records.subList(RECORDS - 100, RECORDS));
                store.sync();
            }
            // read while open: closing would seal the segment's records into a chunk
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path file : entries) {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    /** Log lines of a few shapes with numbers, ports, hex ids and hosts: every part of the format. */
    private static List<LogRecord> records() {
        Random random = new Random(7);
        String[] words = {"connection", "refused", "accepted", "user", "session", "opened", "closed", "timeout"};
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String message = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)]
                    + " from 10.0." + random.nextInt(4) + "." + random.nextInt(255) + " port " + (40000 + random.nextInt(500))
                    + " id " + Long.toHexString(random.nextLong());
            records.add(TestRecords.record(i % 2, i, T0 + i * 250L, "@timestamp", "2025-07-01T00:00:00.000Z",
                    "message", message, "host", "web-" + random.nextInt(3), "level", i % 7 == 0 ? "error" : "info"));
        }
        records.sort(Comparator.comparingLong(LogRecord::offset));
        return records;
    }
}
