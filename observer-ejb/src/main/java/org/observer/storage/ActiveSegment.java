package org.observer.storage;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The segment still being written: {@value StorageFormat#SEGMENT_FILE} written through a growing
 * memory mapping, plus the in-memory keyword map (key -> ordinals) and per-document columns.
 * Ordinals are arrival order. The owner (IndexStore) serializes writers and excludes readers
 * while it writes, remaps or closes.
 */
final class ActiveSegment {

    private final Path file;
    private FileChannel channel;
    private MappedByteBuffer map;
    /** End of the last complete frame. */
    private int end;
    /** The file grew since the last fsync, so its length must be synced too. */
    private boolean lengthDirty;

    private final IntList payloadPositions = new IntList(1024);
    private final IntList partitions = new IntList(1024);
    private final LongList offsets = new LongList();
    private final LongList timestamps = new LongList();
    private final Map<String, IntList> postings = new HashMap<>(1 << 14);
    private long minTimestamp = Long.MAX_VALUE;
    private long maxTimestamp = Long.MIN_VALUE;

    private ActiveSegment(Path file) {
        this.file = file;
    }

    /**
     * Opens (or creates) the segment, replays its frames into the keyword map and truncates a torn
     * tail. Records at or below {@code applied} (already in a chunk) are skipped; {@code applied}
     * is raised for the rest.
     */
    static ActiveSegment open(Path dir, Map<Integer, Long> applied) throws IOException {
        ActiveSegment segment = new ActiveSegment(dir.resolve(StorageFormat.SEGMENT_FILE));
        try {
            segment.recover(applied);
        } catch (IOException | RuntimeException e) {
            segment.abandonQuietly();
            throw e;
        }
        return segment;
    }

    private void recover(Map<Integer, Long> applied) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        if (size > StorageFormat.MAX_SEGMENT_BYTES + StorageFormat.SEGMENT_GROW_BYTES) {
            throw new CorruptIndexException(file, "segment larger than " + StorageFormat.MAX_SEGMENT_BYTES + " bytes");
        }
        map = channel.map(FileChannel.MapMode.READ_WRITE, 0, roundUp(Math.max(size, StorageFormat.HEADER_BYTES)));
        lengthDirty = true;
        int magic = map.getInt(0);
        if (size < StorageFormat.HEADER_BYTES || magic == 0) {
            // Created but the header never reached the disk: an empty segment.
            map.putInt(0, StorageFormat.SEGMENT_MAGIC);
            map.putInt(4, StorageFormat.SEGMENT_VERSION);
            end = StorageFormat.HEADER_BYTES;
            zeroFrom(end, (int) Math.min(size, map.capacity()));
            return;
        }
        if (magic != StorageFormat.SEGMENT_MAGIC) {
            throw new CorruptIndexException(file, "bad magic " + Integer.toHexString(magic));
        }
        if (map.getInt(4) != StorageFormat.SEGMENT_VERSION) {
            throw new CorruptIndexException(file, "unsupported version " + map.getInt(4));
        }
        int limit = (int) size;
        int position = StorageFormat.HEADER_BYTES;
        while (position + StorageFormat.FRAME_HEADER_BYTES <= limit) {
            int length = map.getInt(position);
            int payload = position + StorageFormat.FRAME_HEADER_BYTES;
            if (length <= 0 || length > limit - payload
                    || MappedBuffers.crc32c(map, payload, payload + length) != map.getInt(position + 4)) {
                break;
            }
            LogRecord record;
            try {
                record = RecordCodec.decode(map, payload);
            } catch (RuntimeException e) {
                break; // CRC matched but the payload does not parse: treat as the end of the log.
            }
            Long done = applied.get(record.partition());
            if (done == null || record.offset() > done) {
                index(payload, record.partition(), record.offset(), record.timestamp(), TermKeys.keysOf(record));
                applied.put(record.partition(), record.offset());
            }
            position = payload + length;
        }
        end = position;
        // Zero the torn tail so a later partial frame can never be mistaken for a complete one.
        zeroFrom(end, limit);
    }

    private void zeroFrom(int from, int to) {
        byte[] zeros = new byte[Math.min(64 << 10, Math.max(0, to - from))];
        for (int i = from; i < to; i += zeros.length) {
            map.put(i, zeros, 0, Math.min(zeros.length, to - i));
        }
    }

    private static int roundUp(long bytes) {
        long step = StorageFormat.SEGMENT_GROW_BYTES;
        return (int) ((bytes + step - 1) / step * step);
    }

    /** Writes one framed record and makes it searchable. Caller holds the store's write lock. */
    void append(LogRecord record, ByteSink payload, List<String> keys) throws IOException {
        int length = payload.size();
        int needed = end + StorageFormat.FRAME_HEADER_BYTES + length;
        if (needed > map.capacity()) {
            grow(needed);
        }
        int payloadPosition = end + StorageFormat.FRAME_HEADER_BYTES;
        map.put(payloadPosition, payload.array(), 0, length);
        map.putInt(end + 4, MappedBuffers.crc32c(payload.array(), 0, length));
        map.putInt(end, length);
        end = payloadPosition + length;
        index(payloadPosition, record.partition(), record.offset(), record.timestamp(), keys);
    }

    private void grow(int needed) throws IOException {
        int capacity = roundUp(Math.max(needed, (long) map.capacity() + StorageFormat.SEGMENT_GROW_BYTES));
        MappedByteBuffer bigger = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
        MappedBuffers.unmap(map);
        map = bigger;
        lengthDirty = true;
    }

    private void index(int payloadPosition, int partition, long offset, long timestamp, List<String> keys) {
        int ordinal = payloadPositions.size();
        payloadPositions.add(payloadPosition);
        partitions.add(partition);
        offsets.add(offset);
        timestamps.add(timestamp);
        minTimestamp = Math.min(minTimestamp, timestamp);
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        for (String key : keys) {
            IntList list = postings.get(key);
            if (list == null) {
                list = new IntList(2);
                postings.put(key, list);
            }
            list.addIfNotLast(ordinal);
        }
    }

    /** Makes everything appended durable: msync the mapping, and fsync the file length if it grew. */
    void force() throws IOException {
        map.force();
        if (lengthDirty) {
            channel.force(true);
            lengthDirty = false;
        }
    }

    int documents() {
        return payloadPositions.size();
    }

    /** Bytes of framed records, including the header. */
    int bytes() {
        return end;
    }

    long minTimestamp() {
        return minTimestamp;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    int partition(int ordinal) {
        return partitions.get(ordinal);
    }

    long offset(int ordinal) {
        return offsets.get(ordinal);
    }

    long timestamp(int ordinal) {
        return timestamps.get(ordinal);
    }

    Map<String, IntList> postings() {
        return postings;
    }

    /** Appends the document's source, with its vint length prefix, to {@code out}. */
    void copySource(int ordinal, ByteSink out) {
        ByteCursor in = new ByteCursor(map, RecordCodec.sourcePosition(map, payloadPositions.get(ordinal)));
        int length = in.readVInt();
        out.writeVInt(length);
        out.writeBytes(map, in.position, length);
    }

    void fetch(Candidate candidate) {
        int ordinal = candidate.ordinal;
        candidate.partition = partitions.get(ordinal);
        candidate.offset = offsets.get(ordinal);
        ByteCursor in = new ByteCursor(map, RecordCodec.sourcePosition(map, payloadPositions.get(ordinal)));
        candidate.source = in.readLengthPrefixed();
    }

    /**
     * Counts the documents holding all {@code keys} (none = all) with a timestamp in
     * [from, to), and adds the newest {@code size} of them to {@code out}.
     */
    long collect(List<String> keys, long from, long to, int size, List<Candidate> out) {
        int documents = documents();
        if (documents == 0 || maxTimestamp < from || minTimestamp >= to) {
            return 0;
        }
        int[] matches;
        int count;
        if (keys.isEmpty()) {
            matches = null;
            count = documents;
        } else {
            IntList[] lists = new IntList[keys.size()];
            for (int i = 0; i < lists.length; i++) {
                lists[i] = postings.get(keys.get(i));
                if (lists[i] == null) {
                    return 0;
                }
            }
            Arrays.sort(lists, (a, b) -> Integer.compare(a.size(), b.size()));
            matches = lists[0].toArray();
            count = matches.length;
            for (int i = 1; i < lists.length && count > 0; i++) {
                count = Postings.intersect(matches, count, lists[i].array(), lists[i].size());
            }
        }
        TopOrdinals top = new TopOrdinals(size);
        long total = 0;
        for (int i = 0; i < count; i++) {
            int ordinal = matches == null ? i : matches[i];
            long timestamp = timestamps.get(ordinal);
            if (timestamp >= from && timestamp < to) {
                total++;
                top.offer(ordinal);
            }
        }
        top.drainTo(out);
        return total;
    }

    /** Closes for good, keeping the data: flush, unmap, cut the file to its real length. */
    void close() throws IOException {
        map.force();
        MappedBuffers.unmap(map);
        map = null;
        channel.truncate(end);
        channel.force(true);
        channel.close();
    }

    /** Closes and deletes the file, once its documents are durable in a chunk. */
    void closeAndDelete() throws IOException {
        MappedBuffers.unmap(map);
        map = null;
        channel.close();
        Files.deleteIfExists(file);
    }

    private void abandonQuietly() {
        MappedBuffers.unmap(map);
        map = null;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Already failing; the original error is the one to report.
        }
    }

    /** Drops the mapping and file handle as a crash would (tests of recovery). */
    void abandon() throws IOException {
        MappedBuffers.unmap(map);
        map = null;
        channel.close();
    }

    /** The newest {@code size} ordinals seen, as a min-heap on (timestamp, offset, partition). */
    private final class TopOrdinals {
        private final int capacity;
        private int[] heap = new int[16];
        private int size;

        TopOrdinals(int capacity) {
            this.capacity = capacity;
        }

        void offer(int ordinal) {
            if (capacity == 0) {
                return;
            }
            if (size < capacity) {
                if (size == heap.length) {
                    heap = Arrays.copyOf(heap, Math.min(capacity, size * 2));
                }
                heap[size] = ordinal;
                siftUp(size++);
            } else if (newer(ordinal, heap[0])) {
                heap[0] = ordinal;
                siftDown(0);
            }
        }

        void drainTo(List<Candidate> out) {
            for (int i = 0; i < size; i++) {
                out.add(new Candidate(timestamps.get(heap[i]), null, heap[i]));
            }
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!newer(heap[parent], heap[i])) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    return;
                }
                int oldest = left;
                if (left + 1 < size && newer(heap[left], heap[left + 1])) {
                    oldest = left + 1;
                }
                if (!newer(heap[i], heap[oldest])) {
                    return;
                }
                swap(i, oldest);
                i = oldest;
            }
        }

        private void swap(int a, int b) {
            int t = heap[a];
            heap[a] = heap[b];
            heap[b] = t;
        }
    }

    /** Hit order: newer timestamp first, then higher offset, then higher partition. */
    boolean newer(int a, int b) {
        return compare(timestamps.get(a), offsets.get(a), partitions.get(a),
                timestamps.get(b), offsets.get(b), partitions.get(b)) > 0;
    }

    static int compare(long timestampA, long offsetA, int partitionA, long timestampB, long offsetB, int partitionB) {
        int c = Long.compare(timestampA, timestampB);
        if (c == 0) {
            c = Long.compare(offsetA, offsetB);
        }
        if (c == 0) {
            c = Integer.compare(partitionA, partitionB);
        }
        return c;
    }
}
