package org.observer.index;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.observer.api.IndexDegradedException;
import org.observer.api.IndexInfo;
import org.observer.api.IndexNotFoundException;
import org.observer.api.IndexState;
import org.observer.api.OplogAction;
import org.observer.config.ObserverConfig;
import org.observer.logs.JsonFields;
import org.observer.oplog.Oplog;
import org.observer.storage.ChunkInfo;
import org.observer.storage.CorruptIndexException;
import org.observer.storage.DurableFiles;
import org.observer.storage.IndexStore;
import org.observer.storage.StoreListener;
import org.observer.storage.StoreMemory;
import org.observer.storage.StoreSettings;
import org.observer.storage.StoreStats;
import org.observer.storage.UnsupportedFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The stores of this node, one per index and partition of {@code observer.ingest}, each under
 * {@code <data>/indexes/<name>/<partition>/}. Opens stores lazily for writes and queries, closes them
 * on request or when the lifecycle timer finds them idle. The operations a client sees
 * ({@link #list}, {@link #close}, …) act on the partitions they are given: the ones this node owns,
 * so that a store left behind when its partition moved to another node is neither shown nor counted.
 * A damaged store is marked DEGRADED and rebuilt (IndexRecovery); replaced and deleted files pass
 * through the {@link Quarantine}; snapshots are {@link IndexSnapshots}' job.
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class IndexManager {

    private static final Logger LOG = Logger.getLogger(IndexManager.class.getName());

    /** Work done with an open store; may throw I/O errors. */
    @FunctionalInterface
    public interface StoreWork<T> {
        T apply(IndexStore store) throws IOException;
    }

    @Inject
    ObserverConfig config;

    @Inject
    Oplog oplog;

    @Inject
    Event<IndexDamaged> damaged;

    private final ConcurrentHashMap<StoreKey, IndexHandle> handles = new ConcurrentHashMap<>();
    private Path root;
    private Quarantine quarantine;
    /**
     * No executor lent for sealing: the default managed executor's threads run the processors'
     * endless loops, so tasks queued behind them might wait forever (holding a seal's blocks).
     */
    private StoreSettings settings;
    /** What the OPEN stores held in memory when {@link #memoryUse()} last looked, in all and per partition. */
    private volatile StoreMemory lastMemoryUse = StoreMemory.NONE;
    private volatile Map<Integer, Long> lastMemoryByPartition = Map.of();

    @PostConstruct
    void start() {
        root = config.indexesDir();
        settings = StoreSettings.defaults();
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                    String name = dir.getFileName().toString();
                    if (!IndexNames.isValid(name)) {
                        continue;
                    }
                    IndexLayout.migrateSinglePartition(dir, name, config.ingestPartitions());
                    for (int partition : IndexLayout.partitions(dir)) {
                        StoreKey key = new StoreKey(name, partition);
                        handles.put(key, new IndexHandle(key, IndexLayout.storeDir(root, key)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + root, e);
        }
        quarantine = new Quarantine(config.quarantineDir());
        quarantine.removeStaging();
        LOG.info(() -> "Stores under " + root + ": " + handles.size() + " found");
    }

    @PreDestroy
    void stop() {
        for (IndexHandle handle : handles.values()) {
            closeHandle(handle);
        }
    }

    /** Runs {@code work} on the store of the index's logs from {@code partition}, creating it if needed. */
    public <T> T write(String name, int partition, StoreWork<T> work) throws IOException {
        StoreKey key = new StoreKey(IndexNames.requireValid(name), partition);
        IndexHandle handle = handles.get(key);
        if (handle == null) {
            IndexHandle created = new IndexHandle(key, IndexLayout.storeDir(root, key));
            handle = handles.putIfAbsent(key, created);
            if (handle == null) {
                handle = created;
                oplog.record(OplogAction.CREATED, name, partition, null, null, null, null);
            }
        }
        return use(handle, work, true);
    }

    /** Runs {@code work} on an existing store, loading it if it is CLOSED. */
    public <T> T read(String name, int partition, StoreWork<T> work) throws IOException {
        IndexHandle handle = handles.get(new StoreKey(name, partition));
        if (handle == null) {
            throw new IndexNotFoundException(name);
        }
        return use(handle, work, false);
    }

    /**
     * The store's figures if known without loading it: live while OPEN, as last seen when CLOSED;
     * null for a store not opened since start-up.
     */
    public StoreStats knownStats(String name, int partition) {
        IndexHandle handle = handles.get(new StoreKey(name, partition));
        if (handle == null) {
            return null;
        }
        handle.lock.readLock().lock();
        try {
            return handle.store != null ? handle.store.stats() : handle.lastStats;
        } finally {
            handle.lock.readLock().unlock();
        }
    }

    /** How many stores are OPEN (loaded) now. */
    public int openCount() {
        int open = 0;
        for (IndexHandle handle : handles.values()) {
            open += handle.store != null ? 1 : 0;
        }
        return open;
    }

    /** Bytes on disk of the stores whose figures are known (OPEN, or seen since start-up). */
    public long knownDiskBytes() {
        long bytes = 0;
        for (IndexHandle handle : handles.values()) {
            handle.lock.readLock().lock();
            try {
                StoreStats stats = handle.store != null ? handle.store.stats() : handle.lastStats;
                bytes += stats == null ? 0 : stats.diskBytes();
            } finally {
                handle.lock.readLock().unlock();
            }
        }
        return bytes;
    }

    /** The stores of {@code partitions}, ordered by index name then partition. */
    public List<StoreKey> stores(Collection<Integer> partitions) {
        List<StoreKey> keys = new ArrayList<>();
        for (StoreKey key : handles.keySet()) {
            if (partitions.contains(key.partition())) {
                keys.add(key);
            }
        }
        keys.sort(StoreKey.ORDER);
        return keys;
    }

    /** The stores of every partition, held here whether this node owns their partition or not. */
    public List<StoreKey> allStores() {
        List<StoreKey> keys = new ArrayList<>(handles.keySet());
        keys.sort(StoreKey.ORDER);
        return keys;
    }

    /** The stores of {@code index} among {@code partitions}. */
    public List<StoreKey> stores(String index, Collection<Integer> partitions) {
        List<StoreKey> keys = new ArrayList<>();
        for (int partition : partitions) {
            StoreKey key = new StoreKey(index, partition);
            if (handles.containsKey(key)) {
                keys.add(key);
            }
        }
        keys.sort(StoreKey.ORDER);
        return keys;
    }

    public boolean exists(String name, int partition) {
        return handles.containsKey(new StoreKey(name, partition));
    }

    /** The indexes with a store in {@code partitions}, each with the figures of those stores together. */
    public List<IndexInfo> list(Collection<Integer> partitions) {
        Map<String, List<StoreKey>> byIndex = new TreeMap<>();
        for (StoreKey key : stores(partitions)) {
            byIndex.computeIfAbsent(key.index(), i -> new ArrayList<>()).add(key);
        }
        List<IndexInfo> infos = new ArrayList<>();
        byIndex.forEach((index, keys) -> infos.add(info(index, keys)));
        return infos;
    }

    /** @throws IndexNotFoundException if no store of the index is in {@code partitions} */
    public IndexInfo get(String name, Collection<Integer> partitions) {
        return info(name, existing(name, partitions));
    }

    /** Seals, unmaps and evicts the index's stores of {@code partitions}. */
    public IndexInfo close(String name, Collection<Integer> partitions) {
        List<StoreKey> keys = existing(name, partitions);
        keys.forEach(key -> closeHandle(handles.get(key)));
        return info(name, keys);
    }

    /** Loads the index's stores of {@code partitions} and keeps them OPEN. */
    public IndexInfo open(String name, Collection<Integer> partitions) {
        List<StoreKey> keys = existing(name, partitions);
        for (StoreKey key : keys) {
            try {
                use(handles.get(key), store -> null, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open index " + key, e);
            }
        }
        return info(name, keys);
    }

    /**
     * Seals the active segment of every OPEN store that has held unsealed logs for
     * {@code maxAgeMillis}; returns how many. Not a use: an index written slowly still closes
     * after its TTL.
     */
    public int sealOlderThan(long maxAgeMillis) {
        int sealed = 0;
        for (IndexHandle handle : handles.values()) {
            try {
                Boolean done = use(handle, store -> store.sealIfOlderThan(maxAgeMillis), true, true);
                sealed += Boolean.TRUE.equals(done) ? 1 : 0;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Sealing index " + handle.key() + " on its time threshold failed", e);
            }
        }
        return sealed;
    }

    /** Closes every OPEN store unused for longer than {@code idleMillis}; returns how many. */
    public int closeIdle(long idleMillis) {
        long now = System.currentTimeMillis();
        int closed = 0;
        for (IndexHandle handle : handles.values()) {
            if (handle.store != null && now - handle.lastUsedMillis >= idleMillis) {
                try {
                    compact(handle); // cold before it leaves memory: smaller on disk from then on
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Compacting idle index " + handle.key() + " failed; closing it as it is", e);
                }
                closed += closeHandle(handle) ? 1 : 0;
            }
        }
        return closed;
    }

    /**
     * What the OPEN stores hold in memory now, about: the heap of their active segments and their
     * files mapped. A walk over every active segment's keys: the lifecycle timer asks, others read
     * {@link #lastMemoryUse()}.
     */
    public StoreMemory memoryUse() {
        StoreMemory total = StoreMemory.NONE;
        Map<Integer, Long> byPartition = new TreeMap<>();
        for (IndexHandle handle : handles.values()) {
            StoreMemory memory = memory(handle);
            total = total.plus(memory);
            if (memory.totalBytes() > 0) {
                byPartition.merge(handle.partition, memory.totalBytes(), Long::sum);
            }
        }
        lastMemoryUse = total;
        lastMemoryByPartition = java.util.Collections.unmodifiableMap(byPartition);
        return total;
    }

    /** What {@link #memoryUse()} found last. */
    public StoreMemory lastMemoryUse() {
        return lastMemoryUse;
    }

    /** What {@link #memoryUse()} found last, per partition: bytes its OPEN stores hold in memory. */
    public Map<Integer, Long> lastMemoryByPartition() {
        return lastMemoryByPartition;
    }

    private static StoreMemory memory(IndexHandle handle) {
        handle.lock.readLock().lock();
        try {
            return handle.store == null ? StoreMemory.NONE : handle.store.memory();
        } finally {
            handle.lock.readLock().unlock();
        }
    }

    /**
     * Closes OPEN stores, least recently used first, until what they hold in memory is within
     * {@code budgetBytes}. A store used in the last {@code minIdleMillis} stays OPEN: closing one
     * being written or searched would only load it again. Closing seals; unlike the TTL it does
     * not compact first (that would map every chunk just to free memory). Returns how many closed.
     */
    public int closeOverBudget(long budgetBytes, long minIdleMillis) {
        Map<IndexHandle, StoreMemory> open = new java.util.HashMap<>();
        long total = 0;
        for (IndexHandle handle : handles.values()) {
            StoreMemory memory = memory(handle);
            if (handle.store != null) {
                open.put(handle, memory);
                total += memory.totalBytes();
            }
        }
        if (total <= budgetBytes) {
            return 0;
        }
        List<IndexHandle> leastRecentFirst = new ArrayList<>(open.keySet());
        leastRecentFirst.sort(Comparator.comparingLong(h -> h.lastUsedMillis));
        long now = System.currentTimeMillis();
        int closed = 0;
        for (IndexHandle handle : leastRecentFirst) {
            if (total <= budgetBytes || now - handle.lastUsedMillis < minIdleMillis) {
                break;
            }
            long before = total;
            if (closeHandle(handle)) {
                total -= open.get(handle).totalBytes();
                closed++;
                long after = total;
                LOG.info(() -> "Closed index " + handle.key() + " before its TTL: OPEN indexes held " + (before >> 20)
                        + " MB, over the memory budget of " + (budgetBytes >> 20) + " MB (now " + (after >> 20) + " MB)");
            }
        }
        return closed;
    }

    /** Seals the index's stores of {@code partitions} and rewrites their chunks cold. */
    public IndexInfo compact(String name, Collection<Integer> partitions) {
        List<StoreKey> keys = existing(name, partitions);
        for (StoreKey key : keys) {
            try {
                compact(handles.get(key));
            } catch (IOException e) {
                throw new UncheckedIOException("compacting " + key + " failed", e);
            }
        }
        return info(name, keys);
    }

    /** Seals, then compacts: small chunks merged, hot ones rewritten cold; searches go on meanwhile, appends wait. */
    private int compact(IndexHandle handle) throws IOException {
        return use(handle, store -> {
            store.seal();
            return store.compact();
        }, true);
    }

    /**
     * The index's stores among {@code partitions}; none is a 404, a name no index can have a 400.
     * Public for IndexSnapshots: an EJB's view refuses calls of package methods.
     */
    public List<StoreKey> existing(String name, Collection<Integer> partitions) {
        List<StoreKey> keys = stores(IndexNames.requireValid(name), partitions);
        if (keys.isEmpty()) {
            throw new IndexNotFoundException(name);
        }
        return keys;
    }

    /**
     * Runs {@code work} with the store loaded and kept open. A damaged file found on the way sets
     * the index aside for a rebuild and answers 503; files of another format version answer 503
     * too, and are left untouched; a write that fails (a full disk) drops the
     * store's memory as a crash would, so the next use replays what reached the disk and the
     * processor, resuming from its last commit, rewrites the rest.
     */
    private <T> T use(IndexHandle handle, StoreWork<T> work, boolean write) throws IOException {
        return use(handle, work, write, false);
    }

    /**
     * @param background housekeeping: it does not count as a use (which keeps the index OPEN for
     *                   another TTL), and it skips a CLOSED index (null) rather than load it
     */
    private <T> T use(IndexHandle handle, StoreWork<T> work, boolean write, boolean background) throws IOException {
        if (!background) {
            handle.lastUsedMillis = System.currentTimeMillis();
        }
        CorruptIndexException corrupt;
        IOException failedWrite;
        handle.lock.readLock().lock();
        try {
            while (handle.store == null) {
                if (background) {
                    return null;
                }
                failIfDegraded(handle);
                handle.lock.readLock().unlock();
                try {
                    load(handle);
                } finally {
                    handle.lock.readLock().lock(); // the store stays open while we hold this
                }
            }
            return work.apply(handle.store);
        } catch (UnsupportedFormatException e) {
            // Another release's files: refuse, and leave them be (no quarantine, no rebuild).
            LOG.warning(() -> "Index " + handle.key() + " not opened: " + e.getMessage());
            throw new UnsupportedIndexFormatException(handle.name, e);
        } catch (CorruptIndexException e) {
            corrupt = e;
            failedWrite = null;
        } catch (IOException e) {
            if (!write) {
                throw e;
            }
            corrupt = null;
            failedWrite = e;
        } finally {
            handle.lock.readLock().unlock();
        }
        if (corrupt != null) {
            degrade(handle, corrupt);
            throw new IndexDegradedException(handle.name, handle.problem);
        }
        abandon(handle, failedWrite);
        throw failedWrite;
    }

    private static void failIfDegraded(IndexHandle handle) {
        String problem = handle.problem;
        if (problem != null) {
            throw new IndexDegradedException(handle.name, problem);
        }
    }

    private void load(IndexHandle handle) throws IOException {
        handle.lock.writeLock().lock();
        try {
            failIfDegraded(handle);
            if (handle.store == null) {
                boolean existed = Files.isDirectory(handle.dir); // else this is the index's first write
                handle.store = IndexStore.open(handle.dir, settings(handle.name));
                handle.store.listen(oplogListener(handle.name));
                handle.lastStats = handle.store.stats();
                if (existed) {
                    oplog.record(OplogAction.LOADED, handle.name, handle.partition, null, null, null, null);
                }
            }
        } finally {
            handle.lock.writeLock().unlock();
        }
    }

    /** The settings an index's store is opened with (rebuilds and restores open with the same). */
    public StoreSettings settings(String name) {
        return settings.withFields(config.fieldTypes(name), JsonFields::indexed);
    }

    private StoreListener oplogListener(String name) {
        return new StoreListener() {
            @Override
            public void sealed(ChunkInfo chunk) {
                oplog.record(OplogAction.SEALED, name, chunk.partition(), chunk.fromOffset(), chunk.toOffset(),
                        (long) chunk.documents(), "chunk " + chunk.number());
            }

            @Override
            public void compacted(List<Integer> replaced, ChunkInfo chunk) {
                String what = replaced.size() == 1 ? "chunk " + replaced.get(0) + " rewritten"
                        : "chunks " + replaced.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " merged";
                oplog.record(OplogAction.COMPACTED, name, chunk.partition(), chunk.fromOffset(), chunk.toOffset(),
                        (long) chunk.documents(), what + " cold as chunk " + chunk.number());
            }
        };
    }

    /** Marks the index damaged, drops its store and asks for a rebuild (once). */
    private void degrade(IndexHandle handle, CorruptIndexException e) {
        String problem = e.getMessage();
        handle.lock.writeLock().lock();
        try {
            if (handle.problem != null) {
                return;
            }
            handle.problem = problem;
            dropStore(handle);
        } finally {
            handle.lock.writeLock().unlock();
        }
        LOG.warning(() -> "Index " + handle.key() + " is damaged: " + problem + "; rebuilding it from Kafka");
        oplog.record(OplogAction.DEGRADED, handle.name, handle.partition, null, null, null, problem);
        damaged.fire(new IndexDamaged(handle.key(), problem));
    }

    private void abandon(IndexHandle handle, IOException cause) {
        LOG.log(Level.WARNING, "Writing index " + handle.key() + " failed; its unsynced writes will be redone", cause);
        handle.lock.writeLock().lock();
        try {
            dropStore(handle);
        } finally {
            handle.lock.writeLock().unlock();
        }
    }

    /** Closes the store as a crash would (nothing sealed or written). Caller holds the write lock. */
    private static void dropStore(IndexHandle handle) {
        IndexStore store = handle.store;
        handle.store = null;
        if (store != null) {
            try {
                store.abandon();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Dropping the store of " + handle.key(), e);
            }
        }
    }

    /**
     * Keeps reads and writes of the store out (503) and closes it, so its directory can be
     * replaced; {@link #replace} lets them in again.
     */
    public void block(StoreKey key, String problem) {
        IndexHandle handle = handleFor(key);
        handle.lock.writeLock().lock();
        try {
            if (handle.problem == null) {
                handle.problem = problem;
            }
            dropStore(handle);
        } finally {
            handle.lock.writeLock().unlock();
        }
    }

    private IndexHandle handleFor(StoreKey key) {
        IndexNames.requireValid(key.index());
        return handles.computeIfAbsent(key, k -> new IndexHandle(k, IndexLayout.storeDir(root, k)));
    }

    /**
     * Moves {@code staging} (a complete store directory) into the store's place, setting the old
     * files aside under the quarantine directory, and lets reads and writes in again.
     */
    public void replace(StoreKey key, Path staging, OplogAction action, String detail) throws IOException {
        IndexHandle handle = handleFor(key);
        handle.lock.writeLock().lock();
        try {
            dropStore(handle);
            if (Files.exists(handle.dir)) {
                quarantine.setAside(key, handle.dir);
            }
            Files.createDirectories(handle.dir.getParent());
            DurableFiles.move(staging, handle.dir);
            handle.problem = null;
            handle.lastStats = null;
        } finally {
            handle.lock.writeLock().unlock();
        }
        oplog.record(action, key.index(), key.partition(), null, null, null, detail);
    }

    /** Lets reads and writes in again after a {@link #block} whose work failed. */
    public void unblock(StoreKey key) {
        IndexHandle handle = handles.get(key);
        if (handle != null) {
            handle.problem = null;
        }
    }

    /**
     * Removes the index's stores of {@code partitions} and their files. {@code through} gives, per
     * partition, the last offset the delete covers (the partition's end when it was asked): the oplog
     * keeps it, so a node that replays the partition later skips those logs instead of bringing the
     * index back.
     */
    public void delete(String name, Collection<Integer> partitions, Map<Integer, Long> through) {
        for (StoreKey key : existing(name, partitions)) {
            try {
                deleteFiles(key);
            } catch (IOException e) {
                throw new UncheckedIOException("deleting " + key + " failed", e);
            }
            Long last = through.get(key.partition());
            oplog.record(OplogAction.DELETED, name, key.partition(), null, last, null, null);
        }
    }

    /**
     * Removes a store that a delete on another node covers (found when this node replays the
     * partition again), without recording anything: the delete is in the oplog already.
     */
    public void discard(StoreKey key) throws IOException {
        if (handles.containsKey(key)) {
            deleteFiles(key);
        }
    }

    private void deleteFiles(StoreKey key) throws IOException {
        IndexHandle handle = handles.get(key);
        if (handle == null) {
            return;
        }
        handle.lock.writeLock().lock();
        try {
            dropStore(handle);
            handles.remove(key, handle);
            if (Files.exists(handle.dir)) {
                quarantine.deleteStaged(key, handle.dir);
            }
            IndexLayout.removeIfEmpty(handle.dir.getParent());
            handle.problem = "deleted";
        } finally {
            handle.lock.writeLock().unlock();
        }
    }

    private boolean closeHandle(IndexHandle handle) {
        handle.lock.writeLock().lock();
        try {
            if (handle.store == null) {
                return false;
            }
            IndexStore store = handle.store;
            handle.store = null;
            try {
                store.seal(); // first, so the figures kept for the CLOSED index count the sealed chunk
                handle.lastStats = store.stats();
                store.close();
            } catch (IOException | RuntimeException e) {
                // The segment keeps what was synced; the next open replays it.
                LOG.log(Level.WARNING, "Closing index " + handle.key() + " failed; it will be recovered when next used", e);
                handle.store = store;
                dropStore(handle);
                return false;
            }
            LOG.fine(() -> "Closed index " + handle.key());
            oplog.record(OplogAction.CLOSED, handle.name, handle.partition, null, null, null, null);
            return true;
        } finally {
            handle.lock.writeLock().unlock();
        }
    }

    /** The figures of an index's stores together: DEGRADED if one is, OPEN if one is. */
    private IndexInfo info(String name, List<StoreKey> keys) {
        List<IndexInfo> parts = new ArrayList<>();
        for (StoreKey key : keys) {
            IndexHandle handle = handles.get(key);
            if (handle != null) {
                parts.add(info(handle));
            }
        }
        if (parts.isEmpty()) {
            throw new IndexNotFoundException(name);
        }
        return IndexInfos.merge(parts);
    }

    private IndexInfo info(IndexHandle handle) {
        StoreStats stats;
        IndexState state;
        handle.lock.readLock().lock();
        try {
            state = handle.state();
            stats = handle.store != null ? handle.store.stats() : handle.lastStats;
        } finally {
            handle.lock.readLock().unlock();
        }
        if (state == IndexState.DEGRADED) {
            return new IndexInfo(handle.name, state, 0, 0, 0, null, null, handle.problem);
        }
        if (stats == null) {
            // Never opened since start-up: load once to learn its figures, then leave it CLOSED.
            try {
                stats = use(handle, IndexStore::stats, false);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Index " + handle.key() + " cannot be read", e);
                return new IndexInfo(handle.name, IndexState.DEGRADED, 0, 0, 0, null, null, String.valueOf(e.getMessage()));
            }
            closeHandle(handle);
            state = IndexState.CLOSED;
        }
        return new IndexInfo(handle.name, state, stats.documents(), stats.chunks(), stats.diskBytes(),
                stats.minTimestamp(), stats.maxTimestamp(), null);
    }
}
