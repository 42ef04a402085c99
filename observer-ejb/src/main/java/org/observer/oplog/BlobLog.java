package org.observer.oplog;

import org.observer.storage.DurableFiles;

import static org.observer.oplog.BlobFrames.FILE_HEADER_BYTES;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.observer.oplog.BlobFrames.FrameHeader;

/**
 * The operations log archive: an append-only log of {@link BlobRecord}s in files of one UTC day,
 * each append one checksummed zstd frame forced to disk, so a crash loses at most the frame
 * being written and a damaged byte costs one frame, not the archive.
 *
 * <h2>Encodings</h2>
 * {@code int32}/{@code int64}: fixed width, big-endian; {@code byte}: one unsigned byte.
 * CRC: CRC32C ({@link java.util.zip.CRC32C}) stored as int32. zstd: one zstd frame (zstd-jni,
 * level {@value BlobFrames#ZSTD_LEVEL}).
 *
 * <h2>Files</h2>
 * {@code oplog-YYYY-MM-DD-NNNN.zlog}: the UTC day of the first record of the file's first frame,
 * and a running number (at least four digits, more past 9999) that increases across the archive;
 * files are ordered by that number (gaps are allowed). A new file starts when the day of a
 * frame's first record differs from the current file's day, or when the frame would take a file
 * that already holds a frame past {@code maxFileBytes} (a frame larger than that gets a file of its
 * own). A new file is created, given its header, forced, and the directory fsynced before any
 * frame is written to it; the previous file was forced before. Other names in the directory are
 * ignored.
 * <pre>
 * file     header, frame*
 * header   int32 magic "OBLB", int32 version = {@value BlobFrames#FILE_VERSION}        (8 bytes)
 * frame    offset  size
 *          0       4     int32 magic "OBLF"
 *          4       1     byte  version = {@value BlobFrames#FRAME_VERSION}
 *          5       4     int32 recordCount (&gt; 0)
 *          9       8     int64 firstSequence
 *          17      8     int64 lastSequence
 *          25      8     int64 minTime (epoch ms)
 *          33      8     int64 maxTime
 *          41      4     int32 rawLength (of the raw block; at most 1 GiB)
 *          45      4     int32 compressedLength (c)
 *          49      4     int32 CRC32C of bytes 0..48 of the frame
 *          53      c     zstd(raw block)
 *          53 + c  4     int32 CRC32C of the c compressed bytes
 * raw      recordCount × record, nothing else
 * record   int64 sequence, int64 time (epoch ms), int32 payloadLength, int32 CRC32C(payload),
 *          payload[payloadLength]
 * </pre>
 * Sequences increase strictly across records, frames and files. One append is one frame, except
 * that a frame never crosses a UTC day (a batch across midnight is cut where the day changes, so
 * every record of a file lies on the file's day and a scan can skip a file by its name alone) nor
 * grows past {@value BlobFrames#FRAME_RAW_BYTES} raw bytes unless one record needs more.
 *
 * <h2>Crashes and damage</h2>
 * Opening reads the newest file frame by frame; the first frame that is incomplete or fails a
 * check (magic, version, header CRC, lengths, block CRC), and everything after it, is the torn tail
 * of an interrupted append: the file is truncated to the end of the last sound frame and forced.
 * The records cut off are above {@link #lastSequence()}, so they are appended again when the oplog
 * replays them. A newest file with no sound frame leaves {@link #lastSequence()} to the files
 * before it; a newest file whose header was never completed (shorter than 8 bytes, or 8 zero bytes
 * and nothing else) gets it rewritten; any other bad header, or a version this code does not know,
 * fails the open. Older files are not changed: a scan skips and counts a damaged frame (resynchronizing on the next sound frame
 * header when the bad one's lengths cannot be trusted), a decompressed block that does not hold
 * exactly its records, and a record whose payload fails its CRC. Frames outside a scan's time
 * range are skipped by their header without reading their block, so damage there is not counted.
 *
 * <h2>Threads</h2>
 * One thread appends (appends are serialized anyway). Scans run concurrently: appends write with
 * positional {@link FileChannel} writes and publish, after the force, the file list and the
 * committed length of the current file in one volatile {@link View}; a scan reads no further than
 * the view it started with, so it sees whole frames only. Files are never changed once rotated
 * out, and only a file left empty by a crash is ever deleted (before any reader could open it). A
 * failed append leaves the log refusing appends until it is reopened (and recovered).
 */
public final class BlobLog implements Closeable {

    static final String PREFIX = "oplog-";
    static final String SUFFIX = ".zlog";
    private static final Pattern NAME = Pattern.compile("oplog-(\\d{4}-\\d{2}-\\d{2})-(\\d{4,18})\\.zlog");

    private static final long DAY_MS = 86_400_000L;
    /** File names spell four-digit years: times from 0000-01-01 to 9999-12-31 UTC. */
    static final long MIN_TIME = LocalDate.of(0, 1, 1).toEpochDay() * DAY_MS;
    static final long MAX_TIME_EXCLUSIVE = LocalDate.of(10000, 1, 1).toEpochDay() * DAY_MS;

    /** A file of the archive; {@code length} is how far readers may read (its committed length). */
    private record ArchiveFile(Path path, long number, long day, long length) {
        ArchiveFile withLength(long newLength) {
            return new ArchiveFile(path, number, day, newLength);
        }
    }

    /**
     * What readers may see: the older files and the current one (null before the first append)
     * with its committed length. Replaced as a whole, so the list and the length agree.
     */
    private record View(List<ArchiveFile> older, ArchiveFile current) {
        List<ArchiveFile> all() {
            if (current == null) {
                return older;
            }
            List<ArchiveFile> all = new ArrayList<>(older.size() + 1);
            all.addAll(older);
            all.add(current);
            return all;
        }
    }

    private final Path dir;
    private final long maxFileBytes;
    private volatile View view;
    private volatile long lastSequence;
    /** The current file, open for writing; null before the first file. Guarded by this. */
    private FileChannel writer;
    private boolean failed;
    private volatile boolean closed;

    private BlobLog(Path dir, long maxFileBytes, View view, long lastSequence, FileChannel writer) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.view = view;
        this.lastSequence = lastSequence;
        this.writer = writer;
    }

    /** Opens (creating) the archive in dir; recovers a torn tail of the newest file by truncating it to the last whole frame (and fsyncs). */
    public static BlobLog open(Path dir, long maxFileBytes) throws IOException {
        if (maxFileBytes <= FILE_HEADER_BYTES) {
            throw new IllegalArgumentException("maxFileBytes " + maxFileBytes + " leaves no room for a frame");
        }
        Files.createDirectories(dir);
        List<ArchiveFile> files = list(dir);
        if (files.isEmpty()) {
            return new BlobLog(dir, maxFileBytes, new View(List.of(), null), -1, null);
        }
        ArchiveFile newest = files.get(files.size() - 1);
        FileChannel channel = FileChannel.open(newest.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long[] tail = recoverNewest(channel, newest.path());
            long end = tail[0];
            long last = tail[1];
            List<ArchiveFile> older = new ArrayList<>(files.size() - 1);
            for (ArchiveFile file : files.subList(0, files.size() - 1)) {
                older.add(file.withLength(Files.size(file.path())));
            }
            for (int i = older.size() - 1; i >= 0 && last < 0; i--) {
                last = lastSequenceOf(older.get(i));
            }
            return new BlobLog(dir, maxFileBytes, new View(List.copyOf(older), newest.withLength(end)), last, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Highest sequence archived, or -1 when empty. */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * Appends the records whose sequence is above lastSequence() (others are skipped: a replay
     * after a crash) as ONE compressed frame, then forces it to disk. Returns how many were
     * appended. Called by one thread.
     *
     * <p>A record is taken when its sequence is above every sequence archived or taken before it,
     * so an unordered batch keeps sequences strictly increasing. A batch crossing a UTC midnight
     * (or above {@value BlobFrames#FRAME_RAW_BYTES} raw bytes) is written as one frame per day (per
     * such size), each forced. Times must lie in the years 0000 to 9999 (UTC).
     */
    public synchronized int append(List<BlobRecord> records) throws IOException {
        ensureOpen();
        if (failed) {
            throw new IOException("an earlier append to " + dir + " failed; reopen the archive to recover it");
        }
        List<BlobRecord> fresh = new ArrayList<>(records.size());
        long last = lastSequence;
        for (BlobRecord record : records) {
            if (record.sequence() > last) {
                if (record.time() < MIN_TIME || record.time() >= MAX_TIME_EXCLUSIVE) {
                    throw new IllegalArgumentException("time " + record.time() + " of sequence "
                            + record.sequence() + " is outside the years 0000-9999");
                }
                if (BlobFrames.rawBytes(record) > BlobFrames.MAX_RAW_BYTES) {
                    throw new IllegalArgumentException("payload of sequence " + record.sequence() + " is too large: "
                            + record.payload().length + " bytes");
                }
                fresh.add(record);
                last = record.sequence();
            }
        }
        try {
            for (int from = 0; from < fresh.size();) {
                int to = frameEnd(fresh, from);
                writeFrame(fresh.subList(from, to));
                from = to;
            }
        } catch (IOException | RuntimeException | Error e) {
            failed = true; // the file may hold part of a frame past the committed length: recover on open
            throw e;
        }
        return fresh.size();
    }

    /**
     * Visits, oldest first, every record with fromTime &lt;= time &lt; toTime; the visitor returns
     * false to stop. Files whose day lies entirely outside the range are not opened. Damaged frames
     * (bad checksum, bad length) are skipped and counted; returns how many were skipped. Safe to
     * call concurrently with append: it sees only whole frames.
     */
    public int scan(long fromTime, long toTime, Predicate<BlobRecord> visitor) throws IOException {
        Objects.requireNonNull(visitor, "visitor");
        ensureOpen();
        if (fromTime >= toTime) {
            return 0;
        }
        Scan scan = new Scan(fromTime, toTime, visitor);
        for (ArchiveFile file : view.all()) {
            long dayStart = file.day() * DAY_MS;
            boolean overlaps = fromTime < dayStart + DAY_MS && toTime > dayStart;
            if (overlaps && file.length() > FILE_HEADER_BYTES && !scanFile(file, scan)) {
                break;
            }
        }
        return scan.skipped;
    }

    /** Files of the archive, oldest first (for tests and the admin view). */
    public List<Path> files() throws IOException {
        return view.all().stream().map(ArchiveFile::path).toList();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    /** The end (exclusive index) of the frame of the batch that starts at {@code from}. */
    private static int frameEnd(List<BlobRecord> records, int from) {
        long day = day(records.get(from).time());
        long raw = BlobFrames.rawBytes(records.get(from));
        int to = from + 1;
        while (to < records.size() && day(records.get(to).time()) == day
                && raw + BlobFrames.rawBytes(records.get(to)) <= BlobFrames.FRAME_RAW_BYTES) {
            raw += BlobFrames.rawBytes(records.get(to));
            to++;
        }
        return to;
    }

    private void writeFrame(List<BlobRecord> records) throws IOException {
        byte[] frame = BlobFrames.frame(records, BlobFrames.rawBlock(records));
        long day = day(records.get(0).time());
        ArchiveFile current = view.current();
        if (current == null || current.day() != day
                || (current.length() > FILE_HEADER_BYTES && current.length() + frame.length > maxFileBytes)) {
            current = startFile(day);
        }
        BlobFrames.writeFully(writer, ByteBuffer.wrap(frame), current.length());
        writer.force(true);
        view = new View(view.older(), current.withLength(current.length() + frame.length));
        lastSequence = records.get(records.size() - 1).sequence();
    }

    /** Rotates to a new, durable, empty file of {@code day}; the old current file was forced by its last append. */
    private ArchiveFile startFile(long day) throws IOException {
        View old = view;
        ArchiveFile previous = old.current();
        List<ArchiveFile> older = old.older();
        if (previous != null) {
            writer.close();
            writer = null;
            if (previous.length() > FILE_HEADER_BYTES) {
                List<ArchiveFile> grown = new ArrayList<>(older);
                grown.add(previous);
                older = List.copyOf(grown);
            } else {
                // Left empty by a crash, and of another day: replace it rather than keep an empty file.
                // Readers never open a file without frames, so none has it open.
                view = new View(older, null);
                Files.delete(previous.path());
            }
        }
        long number = previous == null ? 1 : previous.number() + 1;
        Path path = dir.resolve(fileName(day, number));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            BlobFrames.writeFully(channel, ByteBuffer.wrap(BlobFrames.fileHeader()), 0);
            channel.force(true);
            DurableFiles.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        writer = channel;
        ArchiveFile current = new ArchiveFile(path, number, day, FILE_HEADER_BYTES);
        view = new View(older, current);
        return current;
    }

    /** Mutable state of one scan. */
    private static final class Scan {
        final long from;
        final long to;
        final Predicate<BlobRecord> visitor;
        int skipped;

        Scan(long from, long to, Predicate<BlobRecord> visitor) {
            this.from = from;
            this.to = to;
            this.visitor = visitor;
        }
    }

    /** Visits the file's records in range; false once the visitor stopped. */
    private static boolean scanFile(ArchiveFile file, Scan scan) throws IOException {
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            if (!BlobFrames.validFileHeader(channel)) {
                scan.skipped++;
                return true;
            }
            long limit = file.length();
            long position = FILE_HEADER_BYTES;
            while (position < limit) {
                FrameHeader header = BlobFrames.readHeader(channel, position, limit);
                if (header == null) {
                    scan.skipped++;
                    position = BlobFrames.resync(channel, position + 1, limit);
                    continue;
                }
                if (header.maxTime() >= scan.from && header.minTime() < scan.to) {
                    byte[] raw = BlobFrames.readRaw(channel, position, header);
                    if (raw == null || !BlobFrames.wellFormed(raw, header.count())) {
                        scan.skipped++;
                    } else if (!visitFrame(raw, header.count(), scan)) {
                        return false;
                    }
                }
                position += header.length();
            }
        }
        return true;
    }

    private static boolean visitFrame(byte[] raw, int count, Scan scan) {
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        CRC32C crc = new CRC32C();
        int position = 0;
        for (int i = 0; i < count; i++) {
            long sequence = buffer.getLong(position);
            long time = buffer.getLong(position + 8);
            int length = buffer.getInt(position + 16);
            int expected = buffer.getInt(position + 20);
            int start = position + BlobFrames.RECORD_HEADER_BYTES;
            position = start + length;
            if (time < scan.from || time >= scan.to) {
                continue;
            }
            crc.reset();
            crc.update(raw, start, length);
            if ((int) crc.getValue() != expected) {
                scan.skipped++;
                continue;
            }
            byte[] payload = new byte[length];
            System.arraycopy(raw, start, payload, 0, length);
            if (!scan.visitor.test(new BlobRecord(sequence, time, payload))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks the newest file's header (rewriting one a crash left incomplete) and cuts its torn
     * tail: returns {end of the last sound frame, its last sequence or -1}.
     */
    private static long[] recoverNewest(FileChannel channel, Path path) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES);
        boolean whole = BlobFrames.readFully(channel, header, 0);
        if (!whole || (size == FILE_HEADER_BYTES && header.getLong(0) == 0)) {
            channel.truncate(0);
            BlobFrames.writeFully(channel, ByteBuffer.wrap(BlobFrames.fileHeader()), 0);
            channel.force(true);
            return new long[] {FILE_HEADER_BYTES, -1};
        }
        checkHeader(header, path);
        long end = FILE_HEADER_BYTES;
        long last = -1;
        while (true) {
            FrameHeader frame = BlobFrames.readHeader(channel, end, size);
            if (frame == null || BlobFrames.readCompressed(channel, end, frame) == null) {
                break;
            }
            last = frame.lastSequence();
            end += frame.length();
        }
        if (end < size) {
            channel.truncate(end);
            channel.force(true);
        }
        return new long[] {end, last};
    }

    /** The last sequence of the last sound frame header in an older file, or -1. */
    private static long lastSequenceOf(ArchiveFile file) throws IOException {
        long last = -1;
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            if (!BlobFrames.validFileHeader(channel)) {
                return -1;
            }
            long limit = file.length();
            long position = FILE_HEADER_BYTES;
            while (position < limit) {
                FrameHeader header = BlobFrames.readHeader(channel, position, limit);
                if (header == null) {
                    position = BlobFrames.resync(channel, position + 1, limit);
                } else {
                    last = header.lastSequence();
                    position += header.length();
                }
            }
        }
        return last;
    }

    private static void checkHeader(ByteBuffer header, Path path) throws IOException {
        if (header.getInt(0) != BlobFrames.FILE_MAGIC) {
            throw new IOException(path + " is not an oplog archive file (magic " + Integer.toHexString(header.getInt(0)) + ")");
        }
        if (header.getInt(4) != BlobFrames.FILE_VERSION) {
            throw new IOException(path + " has unsupported version " + header.getInt(4));
        }
    }

    /** The archive's files ordered by number, with their day; lengths are filled in by the caller. */
    private static List<ArchiveFile> list(Path dir) throws IOException {
        List<ArchiveFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path path : (Iterable<Path>) entries::iterator) {
                Matcher m = NAME.matcher(path.getFileName().toString());
                if (m.matches() && Files.isRegularFile(path)) {
                    long day = LocalDate.parse(m.group(1)).toEpochDay();
                    files.add(new ArchiveFile(path, Long.parseLong(m.group(2)), day, 0));
                }
            }
        }
        files.sort((a, b) -> Long.compare(a.number(), b.number()));
        for (int i = 1; i < files.size(); i++) {
            if (files.get(i).number() == files.get(i - 1).number()) {
                throw new IOException("two archive files numbered " + files.get(i).number() + " in " + dir);
            }
        }
        return files;
    }

    static String fileName(long day, long number) {
        return String.format("%s%s-%04d%s", PREFIX, LocalDate.ofEpochDay(day), number, SUFFIX);
    }

    static long day(long time) {
        return Math.floorDiv(time, DAY_MS);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("oplog archive " + dir + " is closed");
        }
    }
}
