package org.observer.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.observer.query.Plan;
import org.observer.query.Query;
import org.observer.query.QueryPlanner;
import org.observer.storage.chunk.ChunkCompactor;
import org.observer.storage.chunk.ChunkMeta;
import org.observer.storage.chunk.ChunkReader;
import org.observer.storage.chunk.ChunkWriter;
import org.observer.storage.io.ByteSink;
import org.observer.storage.search.Candidate;
import org.observer.storage.search.PlanMatcher;
import org.observer.storage.search.PreparedQuery;
import org.observer.storage.search.TermKeys;
import org.observer.storage.segment.ActiveSegment;
import org.observer.storage.segment.RecordCodec;

/**
 * One index directory: an active segment taking appends plus sealed chunks, searched together.
 *
 * <p>Threading: one writer at a time ({@link #append}, {@link #sync}, {@link #seal}, {@link #close}
 * are serialized on a writer monitor), any number of concurrent {@link #search}/{@link #stats}.
 * Readers hold the read lock; the writer takes the write lock only for the short moments it
 * changes what readers see (appending frames, remapping, swapping a sealed segment for its
 * chunk), so a search never sees a half-written document. The slow part of sealing (compressing
 * and writing the chunk) runs with only the writer monitor held: the segment is not changing and
 * searches keep reading it.
 */
public final class IndexStore implements Closeable {

    private final Path dir;
    private final StoreSettings settings;
    private final QueryPlanner planner;
    private final PlanMatcher.Analysis analysis;
    private final Object writer = new Object();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Highest stored {@link LogSequence} per Kafka partition, sealed or active. */
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private volatile StoreListener listener = StoreListener.NONE;

    // Guarded by lock (written under the write lock, read under the read lock).
    private List<ChunkReader> chunks;
    private ActiveSegment active;
    /** When the active segment took its first document (wall clock, ms), or -1 while it is empty. */
    private volatile long activeSinceMillis = -1;
    private boolean closed;
    private int nextChunkNumber;

    private IndexStore(Path dir, StoreSettings settings) {
        this.dir = dir;
        this.settings = settings;
        this.planner = new QueryPlanner(settings.fieldTypes());
        this.analysis = new PlanMatcher.Analysis(settings.fieldTypes(), settings.fields());
    }

    /**
     * Opens the index in {@code dir}, creating the directory if missing. Deletes leftovers of an
     * interrupted seal, checks every chunk's meta and file lengths (data checksums are verified
     * when a chunk is first searched), and replays the active segment if there is one, ignoring a
     * torn tail (the first append zeroes it). Opening writes nothing else: no segment file is
     * created until something is appended.
     *
     * @throws CorruptIndexException if a sealed chunk's meta is corrupt or one of its files is
     *                               missing or has the wrong length
     */
    public static IndexStore open(Path dir, StoreSettings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Files.createDirectories(dir);
        IndexStore store = new IndexStore(dir, settings);
        store.recover();
        return store;
    }

    private void recover() throws IOException {
        ChunkRecovery found = ChunkRecovery.find(dir, applied);
        chunks = found.chunks();
        nextChunkNumber = found.nextChunkNumber();
        active = ActiveSegment.open(dir, applied, settings.fieldTypes());
        activeSinceMillis = active.documents() > 0 ? System.currentTimeMillis() : -1;
        // Only now that every file was readable: an index of another format stays untouched.
        found.deleteLeftovers(dir);
    }

    /**
     * Appends records in order, skipping any whose {@link LogRecord#sequence() sequence} (offset and
     * line) is not above the highest its partition holds (a replay). Appended records are searchable at
     * once and durable after {@link #sync()}. Seals when the active segment reaches the settings'
     * size or document count.
     *
     * @return how many records were appended
     */
    public int append(List<LogRecord> records) throws IOException {
        synchronized (writer) {
            ensureOpen();
            if (active.isOlderVersion()) {
                seal(); // written by an older release: its frames are not appended to
            }
            int appended = 0;
            ByteSink payload = new ByteSink(4096);
            for (LogRecord record : records) {
                Long done = applied.get(record.partition());
                if (done != null && record.sequence() <= done) {
                    continue;
                }
                payload.reset();
                RecordCodec.encode(record, payload);
                if (StorageFormat.FRAME_HEADER_BYTES + (long) payload.size() > StorageFormat.MAX_SEGMENT_BYTES / 2) {
                    throw new IllegalArgumentException("record " + record.partition() + "-" + record.offset() + "-" + record.line()
                            + " is too large: " + payload.size() + " bytes");
                }
                if (active.documents() > 0
                        && active.bytes() + StorageFormat.FRAME_HEADER_BYTES + (long) payload.size() > StorageFormat.MAX_SEGMENT_BYTES) {
                    seal();
                }
                if (active.documents() == 0) {
                    activeSinceMillis = System.currentTimeMillis();
                }
                lock.writeLock().lock();
                try {
                    active.append(record, payload);
                    applied.put(record.partition(), record.sequence());
                } finally {
                    lock.writeLock().unlock();
                }
                appended++;
                if (active.bytes() >= settings.sealBytes() || active.documents() >= settings.sealDocuments()) {
                    seal();
                }
            }
            return appended;
        }
    }

    /**
     * Offset of the highest record stored for {@code partition} (sealed or active), or -1. It may
     * hold only the first lines of a group: a replay reads from this offset, not after it.
     */
    public long appliedOffset(int partition) {
        Long done = applied.get(partition);
        return done == null ? -1 : LogSequence.offset(done);
    }

    /** Makes everything appended so far durable: after it returns, a crash loses none of it. */
    public void sync() throws IOException {
        synchronized (writer) {
            ensureOpen();
            active.force();
        }
    }

    /** Turns the active segment into an immutable chunk; nothing happens when it is empty. */
    public void seal() throws IOException {
        synchronized (writer) {
            ensureOpen();
            if (active.documents() == 0) {
                return;
            }
            int number = nextChunkNumber;
            // Hot block filters are off by default: a digit-first prefix (731*) would read every block back
            // (1.6 s against 2 ms) and a unique id cost 7x more; keeping the filtered ids' postings under a
            // short prefix would make both cheap again (a layout change). Compaction filters rare ids anyway.
            ChunkMeta meta = ChunkWriter.write(dir, number, active, settings.zstdLevel(), settings.compressor(),
                    settings.hotBlockFilters() ? filteredFields() : Set.of());
            ChunkReader chunk = ChunkReader.load(dir, meta.number);
            ActiveSegment sealed = active;
            lock.writeLock().lock();
            try {
                List<ChunkReader> next = new ArrayList<>(chunks);
                next.add(chunk);
                chunks = List.copyOf(next);
                nextChunkNumber = number + 1;
                // The chunk's meta is durable, so the segment can go.
                sealed.closeAndDelete();
                // The next segment's file is created by its first append.
                active = ActiveSegment.empty(dir, settings.fieldTypes());
                activeSinceMillis = -1;
            } finally {
                lock.writeLock().unlock();
            }
            DurableFiles.syncDirectory(dir);
            listener.sealed(ChunkInfo.of(meta));
        }
    }

    /**
     * Seals the active segment if it took its first document at least {@code maxAgeMillis} ago:
     * the time threshold that bounds how much a restart replays and how long a slowly written
     * index keeps its keyword map in memory.
     *
     * @return whether it sealed
     */
    public boolean sealIfOlderThan(long maxAgeMillis) throws IOException {
        synchronized (writer) {
            ensureOpen();
            long since = activeSinceMillis;
            if (since < 0 || System.currentTimeMillis() - since < maxAgeMillis) {
                return false;
            }
            seal();
            return true;
        }
    }

    /** Tells {@code listener} about seals and compactions from now on. */
    public void listen(StoreListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Seals, then copies every chunk's files into {@code target} (which must not exist), fsyncs them
     * and the directory. The copy is an index directory {@link #open} can read. Appends wait
     * meanwhile; searches do not.
     *
     * @return per partition, the offset of the highest record the copy holds (whole: sealing waits
     *         for no group, but appends write a record's lines together)
     */
    public Map<Integer, Long> exportTo(Path target) throws IOException {
        synchronized (writer) {
            ensureOpen();
            seal();
            Files.createDirectories(target.getParent());
            Path staging = target.resolveSibling(target.getFileName() + StorageFormat.TEMP_SUFFIX);
            Files.createDirectory(staging);
            List<ChunkReader> current;
            lock.readLock().lock();
            try {
                current = chunks;
            } finally {
                lock.readLock().unlock();
            }
            for (ChunkReader chunk : current) {
                List<String> names = new ArrayList<>(List.of(StorageFormat.chunkDataFiles(chunk.number())));
                names.add(StorageFormat.chunkFile(chunk.number(), StorageFormat.META_EXT));
                for (String name : names) {
                    Path copy = staging.resolve(name);
                    Files.copy(dir.resolve(name), copy);
                    DurableFiles.force(copy);
                }
            }
            DurableFiles.syncDirectory(staging);
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(target.getParent());
            Map<Integer, Long> offsets = new java.util.HashMap<>();
            applied.forEach((partition, sequence) -> offsets.put(partition, LogSequence.offset(sequence)));
            return offsets;
        }
    }

    /**
     * Closes without sealing, as a crash would: what was synced stays on disk and is replayed by the
     * next open; the rest is dropped. Used after a failed write, whose in-memory state can no
     * longer be trusted.
     */
    public void abandon() throws IOException {
        closeLikeCrash();
    }

    /**
     * Rewrites the sealed chunks cold ({@link StorageFormat#COLD_ZSTD_LEVEL} in
     * {@link StorageFormat#COLD_BLOCK_RAW_BYTES} blocks, with a zstd dictionary trained on the data
     * when there is enough of it). Small chunks (at most half a seal's documents and bytes, hot or
     * cold) that are next to each other in time are merged into one, up to a seal's size; any other
     * hot chunk is rewritten alone, any other cold one is left as it is. Searches go on meanwhile;
     * they see either the old chunks or the new one, never both.
     *
     * @return how many chunks were rewritten
     */
    public int compact() throws IOException {
        synchronized (writer) {
            ensureOpen();
            int rewritten = 0;
            for (List<ChunkReader> group : CompactionPolicy.groups(chunks, settings)) {
                rewrite(group);
                rewritten += group.size();
            }
            return rewritten;
        }
    }

    /** Text fields whose rare numbers and ids may go to block filters: found by reading records back, so only when the store can. */
    private Set<String> filteredFields() {
        return settings.fields() == null ? Set.of() : settings.fieldTypes().textFields();
    }

    /** Replaces {@code group} by one cold chunk, then deletes its files. */
    private void rewrite(List<ChunkReader> group) throws IOException {
        int number = nextChunkNumber;
        // A hot chunk with filters lacks their terms in its dictionary: compaction reads its records back for them.
        ChunkMeta meta = group.size() == 1
                ? ChunkCompactor.compact(dir, group.get(0), number, StorageFormat.COLD_ZSTD_LEVEL, settings.compressor(),
                        filteredFields(), settings.fields())
                : ChunkCompactor.merge(dir, group, number, StorageFormat.COLD_ZSTD_LEVEL, settings.compressor(),
                        settings.fieldTypes(), settings.fields());
        ChunkReader cold = ChunkReader.load(dir, meta.number);
        lock.writeLock().lock();
        try {
            List<ChunkReader> next = new ArrayList<>(chunks);
            int at = next.indexOf(group.get(0));
            next.removeAll(group);
            next.add(Math.min(at, next.size()), cold);
            chunks = List.copyOf(next);
            nextChunkNumber = number + 1;
            for (ChunkReader old : group) {
                old.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
        // The cold chunk's meta is durable and names the old ones: their files can go.
        List<Integer> replaced = new ArrayList<>();
        for (ChunkReader old : group) {
            for (String name : StorageFormat.chunkDataFiles(old.number())) {
                Files.deleteIfExists(dir.resolve(name));
            }
            Files.deleteIfExists(dir.resolve(StorageFormat.chunkFile(old.number(), StorageFormat.META_EXT)));
            replaced.add(old.number());
        }
        DurableFiles.syncDirectory(dir);
        listener.compacted(replaced, ChunkInfo.of(meta));
    }

    /**
     * Finds documents matching {@code query} with {@code fromInclusive <= timestamp < toExclusive}
     * (use {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} for open bounds).
     *
     * @return the exact number of matches and the newest {@code size} of them
     * @throws CorruptIndexException if a chunk in the range fails its checksums
     */
    public StoreResult search(Query query, long fromInclusive, long toExclusive, int size) throws IOException {
        return search(query, fromInclusive, toExclusive, size, null);
    }

    /**
     * Like {@link #search(Query, long, long, int)}, also adding every match to {@code aggregation}
     * (null: none).
     */
    public StoreResult search(Query query, long fromInclusive, long toExclusive, int size, Aggregation aggregation)
            throws IOException {
        return search(query, fromInclusive, toExclusive, size, aggregation, true);
    }

    /**
     * Like {@link #search(Query, long, long, int, Aggregation)}; without {@code fetch}, reads no
     * record and gives the newest {@code size} matches' timestamps instead of hits. A search over
     * several indexes asks each for timestamps first, and then fetches only from those holding
     * the overall newest (see IndexSearchService), so it reads {@code size} records, not
     * {@code size} per index.
     */
    public StoreResult search(Query query, long fromInclusive, long toExclusive, int size, Aggregation aggregation,
                              boolean fetch) throws IOException {
        Objects.requireNonNull(query, "query");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        Plan plan = planner.plan(query);
        // A time condition ANDed with the rest narrows the range, which chunks cut by binary search.
        List<Plan> required = plan instanceof Plan.And and ? and.clauses() : List.of(plan);
        List<Plan> rest = new ArrayList<>(required.size());
        for (Plan clause : required) {
            if (clause instanceof Plan.Time time) {
                fromInclusive = Math.max(fromInclusive, time.from());
                toExclusive = Math.min(toExclusive, time.to());
            } else {
                rest.add(clause);
            }
        }
        if (rest.size() != required.size()) {
            plan = rest.isEmpty() ? new Plan.All() : rest.size() == 1 ? rest.get(0) : new Plan.And(rest);
        }
        PreparedQuery prepared = new PreparedQuery(plan, TermKeys.clausesOf(plan), analysis, aggregation);
        lock.readLock().lock();
        try {
            ensureOpen();
            if (fromInclusive >= toExclusive || plan instanceof Plan.None) {
                return new StoreResult(0, List.of(), fetch ? null : new long[0]);
            }
            List<Candidate> candidates = new ArrayList<>();
            long total = 0;
            for (ChunkReader chunk : chunks) {
                total += chunk.collect(prepared, fromInclusive, toExclusive, size, candidates);
            }
            total += active.collect(prepared, fromInclusive, toExclusive, size, candidates);
            if (!fetch) {
                return new StoreResult(total, List.of(), HitSelection.newestTimestamps(candidates, size));
            }
            return new StoreResult(total, HitSelection.topHits(candidates, size, active));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * What this store holds in memory now, about: the heap of its active segment's keyword map and
     * the bytes of its files mapped. A walk over the segment's keys: ask now and then, not per write.
     */
    public StoreMemory memory() {
        lock.readLock().lock();
        try {
            long mapped = active.mappedBytes();
            for (ChunkReader chunk : chunks) {
                mapped += chunk.mappedBytes();
            }
            return new StoreMemory(active.heapBytes(), mapped);
        } finally {
            lock.readLock().unlock();
        }
    }

    public StoreStats stats() {
        lock.readLock().lock();
        try {
            long documents = active.documents();
            long diskBytes = active.diskBytes();
            long min = active.documents() > 0 ? active.minTimestamp() : Long.MAX_VALUE;
            long max = active.documents() > 0 ? active.maxTimestamp() : Long.MIN_VALUE;
            for (ChunkReader chunk : chunks) {
                documents += chunk.meta.documents;
                diskBytes += chunk.diskBytes();
                min = Math.min(min, chunk.meta.minTimestamp);
                max = Math.max(max, chunk.meta.maxTimestamp);
            }
            return new StoreStats(documents, chunks.size(), diskBytes, documents == 0 ? null : min,
                    documents == 0 ? null : max);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Seals what was appended since open, syncs it and unmaps everything. A store that appended
     * nothing since open writes, syncs and deletes nothing (a segment replayed after a crash stays
     * as it is, to be sealed by the next store that writes). Idempotent.
     */
    @Override
    public void close() throws IOException {
        synchronized (writer) {
            if (closed) {
                return;
            }
            try {
                if (active.isWritable()) {
                    seal();
                }
            } finally {
                // Even if sealing failed the segment keeps the records: close it cleanly.
                shutdown(false);
            }
        }
    }

    /** Closes without sealing or truncating, as a crash would leave the files (recovery tests). */
    void closeLikeCrash() throws IOException {
        synchronized (writer) {
            if (!closed) {
                shutdown(true);
            }
        }
    }

    private void shutdown(boolean crash) throws IOException {
        lock.writeLock().lock();
        try {
            closed = true;
            for (ChunkReader chunk : chunks) {
                chunk.close();
            }
            chunks = List.of();
            if (crash) {
                active.abandon();
            } else {
                active.close();
            }
            active = null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many chunks have had their data files mapped (tests of time pruning). */
    int mappedChunks() {
        lock.readLock().lock();
        try {
            int count = 0;
            for (ChunkReader chunk : chunks) {
                if (chunk.isMapped()) {
                    count++;
                }
            }
            return count;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("index store " + dir + " is closed");
        }
    }

    @Override
    public String toString() {
        return "IndexStore[" + dir + "]";
    }
}
