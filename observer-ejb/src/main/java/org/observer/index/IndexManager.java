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
import org.observer.api.InvalidRequestException;
import org.observer.api.SnapshotInfo;
import org.observer.api.IndexNotFoundException;
import org.observer.api.IndexService;
import org.observer.api.IndexState;
import org.observer.api.OplogAction;
import org.observer.config.ObserverConfig;
import org.observer.oplog.Oplog;
import org.observer.storage.ChunkInfo;
import org.observer.storage.CorruptIndexException;
import org.observer.storage.DurableFiles;
import org.observer.storage.IndexStore;
import org.observer.storage.StoreListener;
import org.observer.storage.StoreSettings;
import org.observer.ingest.JsonFields;
import org.observer.storage.StoreStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The indexes of this node, each under {@code <data>/indexes/<name>/}. Opens stores lazily for
 * writes and queries, closes them on request or when the lifecycle timer finds them idle.
 */
@Singleton
@Startup
@LocalBean
@Local(IndexService.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class IndexManager implements IndexService {

    private static final Logger LOG = Logger.getLogger(IndexManager.class.getName());

    /** Name prefix of the directories under the quarantine where rebuilds and restores are staged. */
    public static final String STAGING_PREFIX = "staging-";

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

    private final ConcurrentHashMap<String, IndexHandle> handles = new ConcurrentHashMap<>();
    private Path root;
    /**
     * No executor lent for sealing: the default managed executor's threads run the processors'
     * endless loops, so tasks queued behind them might wait forever (holding a seal's blocks).
     */
    private StoreSettings settings;

    @PostConstruct
    void start() {
        root = config.indexesDir();
        settings = StoreSettings.defaults();
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory)
                        .map(p -> p.getFileName().toString())
                        .filter(IndexNames::isValid)
                        .forEach(name -> handles.put(name, new IndexHandle(name, root.resolve(name))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory " + root, e);
        }
        removeStaging();
        LOG.info(() -> "Indexes under " + root + ": " + handles.size() + " found");
    }

    /** Deletes rebuilds and restores a crash cut off: they were never moved into place. */
    private void removeStaging() {
        Path quarantine = config.quarantineDir();
        if (!Files.isDirectory(quarantine)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(quarantine)) {
            for (Path dir : (Iterable<Path>) dirs.filter(d -> d.getFileName().toString().startsWith(STAGING_PREFIX))::iterator) {
                DurableFiles.deleteTree(dir);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not remove unfinished rebuilds under " + quarantine, e);
        }
    }

    @PreDestroy
    void stop() {
        for (IndexHandle handle : handles.values()) {
            closeHandle(handle);
        }
    }

    /** Runs {@code work} on the index's store, creating the index if it does not exist yet. */
    public <T> T write(String name, StoreWork<T> work) throws IOException {
        IndexHandle handle = handles.get(IndexNames.requireValid(name));
        if (handle == null) {
            IndexHandle created = new IndexHandle(name, root.resolve(name));
            handle = handles.putIfAbsent(name, created);
            if (handle == null) {
                handle = created;
                oplog.record(OplogAction.CREATED, name, null);
            }
        }
        return use(handle, work, true);
    }

    /** Runs {@code work} on an existing index's store, loading it if it is CLOSED. */
    public <T> T read(String name, StoreWork<T> work) throws IOException {
        IndexHandle handle = handles.get(name);
        if (handle == null) {
            throw new IndexNotFoundException(name);
        }
        return use(handle, work, false);
    }

    /**
     * The index's figures if known without loading it: live while OPEN, as last seen when CLOSED;
     * null for an index not opened since start-up.
     */
    public StoreStats knownStats(String name) {
        IndexHandle handle = handles.get(name);
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

    /** Names of the existing indexes, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(handles.keySet());
        names.sort(Comparator.naturalOrder());
        return names;
    }

    public boolean exists(String name) {
        return handles.containsKey(name);
    }

    @Override
    public List<IndexInfo> list() {
        List<IndexInfo> infos = new ArrayList<>();
        for (String name : names()) {
            IndexHandle handle = handles.get(name);
            if (handle != null) {
                infos.add(info(handle));
            }
        }
        return infos;
    }

    @Override
    public IndexInfo get(String name) {
        return info(handle(name));
    }

    @Override
    public IndexInfo close(String name) {
        IndexHandle handle = handle(name);
        closeHandle(handle);
        return info(handle);
    }

    @Override
    public IndexInfo open(String name) {
        IndexHandle handle = handle(name);
        try {
            use(handle, store -> null, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open index " + name, e);
        }
        return info(handle);
    }

    /**
     * Seals the active segment of every OPEN index that has held unsealed logs for
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
                LOG.log(Level.WARNING, "Sealing index " + handle.name + " on its time threshold failed", e);
            }
        }
        return sealed;
    }

    /** Closes every OPEN index unused for longer than {@code idleMillis}; returns how many. */
    public int closeIdle(long idleMillis) {
        long now = System.currentTimeMillis();
        int closed = 0;
        for (IndexHandle handle : handles.values()) {
            if (handle.store != null && now - handle.lastUsedMillis >= idleMillis) {
                try {
                    compact(handle); // cold before it leaves memory: smaller on disk from then on
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "Compacting idle index " + handle.name + " failed; closing it as it is", e);
                }
                closed += closeHandle(handle) ? 1 : 0;
            }
        }
        return closed;
    }

    @Override
    public IndexInfo compact(String name) {
        IndexHandle handle = handle(name);
        try {
            compact(handle);
        } catch (IOException e) {
            throw new UncheckedIOException("compacting " + name + " failed", e);
        }
        return info(handle);
    }

    /** Seals, then compacts: small chunks merged, hot ones rewritten cold; searches go on meanwhile, appends wait. */
    private int compact(IndexHandle handle) throws IOException {
        return use(handle, store -> {
            store.seal();
            return store.compact();
        }, true);
    }

    private IndexHandle handle(String name) {
        IndexHandle handle = handles.get(name);
        if (handle == null) {
            throw new IndexNotFoundException(name);
        }
        return handle;
    }

    /**
     * Runs {@code work} with the store loaded and kept open. A damaged file found on the way sets
     * the index aside for a rebuild and answers 503; a write that fails (a full disk) drops the
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
                    oplog.record(OplogAction.LOADED, handle.name, null);
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
        LOG.warning(() -> "Index " + handle.name + " is damaged: " + problem + "; rebuilding it from Kafka");
        oplog.record(OplogAction.DEGRADED, handle.name, problem);
        damaged.fire(new IndexDamaged(handle.name, problem));
    }

    private void abandon(IndexHandle handle, IOException cause) {
        LOG.log(Level.WARNING, "Writing index " + handle.name + " failed; its unsynced writes will be redone", cause);
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
                LOG.log(Level.FINE, "Dropping the store of " + handle.name, e);
            }
        }
    }

    /**
     * Keeps reads and writes of the index out (503) and closes its store, so its directory can be
     * replaced; {@link #replace} lets them in again.
     */
    public void block(String name, String problem) {
        IndexHandle handle = handles.computeIfAbsent(IndexNames.requireValid(name), n -> new IndexHandle(n, root.resolve(n)));
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

    /**
     * Moves {@code staging} (a complete index directory) into the index's place, setting the old
     * files aside under the quarantine directory, and lets reads and writes in again.
     */
    public void replace(String name, Path staging, OplogAction action, String detail) throws IOException {
        IndexHandle handle = handles.computeIfAbsent(IndexNames.requireValid(name), n -> new IndexHandle(n, root.resolve(n)));
        handle.lock.writeLock().lock();
        try {
            dropStore(handle);
            if (Files.exists(handle.dir)) {
                Path aside = config.quarantineDir().resolve(name + "-" + System.currentTimeMillis());
                Files.createDirectories(aside.getParent());
                DurableFiles.move(handle.dir, aside);
                LOG.info(() -> "Set the old files of " + name + " aside in " + aside);
            }
            DurableFiles.move(staging, handle.dir);
            handle.problem = null;
            handle.lastStats = null;
        } finally {
            handle.lock.writeLock().unlock();
        }
        oplog.record(action, name, detail);
    }

    private static final String MANIFEST = "snapshot.json";
    private static final java.time.format.DateTimeFormatter SNAPSHOT_ID =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** Where snapshot {@code snapshot} of {@code index} lives. */
    public Path snapshotDir(String index, String snapshot) {
        IndexNames.requireValid(index);
        if (snapshot == null || !snapshot.matches("[0-9A-Za-z_-]{1,64}")) {
            throw new InvalidRequestException("snapshot is '" + snapshot + "': expected a name such as 20251126T101500000Z");
        }
        return config.snapshotsDir().resolve(index).resolve(snapshot);
    }

    @Override
    public SnapshotInfo snapshot(String name) {
        IndexHandle handle = handle(name);
        long time = System.currentTimeMillis();
        String id = SNAPSHOT_ID.format(java.time.Instant.ofEpochMilli(time));
        Path target = snapshotDir(name, id);
        try {
            SnapshotInfo info = use(handle, store -> {
                Map<Integer, Long> offsets = store.exportTo(target);
                StoreStats stats = store.stats();
                return new SnapshotInfo(name, id, time, stats.documents(), stats.chunks(), stats.diskBytes(), offsets);
            }, false);
            // The manifest is written last: a snapshot without one was cut off and is not listed.
            Path manifest = target.resolve(MANIFEST);
            Files.write(manifest, SnapshotManifest.encode(info));
            DurableFiles.force(manifest);
            DurableFiles.syncDirectory(target);
            oplog.record(OplogAction.SNAPSHOT, name, null, null, null, info.documents(), "snapshot " + id + " " + info.offsets());
            return info;
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot of " + name + " failed", e);
        }
    }

    @Override
    public List<SnapshotInfo> snapshots(String name) {
        Path dir = config.snapshotsDir().resolve(IndexNames.requireValid(name));
        List<SnapshotInfo> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path manifest : (Iterable<Path>) entries.map(d -> d.resolve(MANIFEST)).filter(Files::isRegularFile)::iterator) {
                found.add(SnapshotManifest.decode(Files.readAllBytes(manifest)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing snapshots of " + name + " failed", e);
        }
        found.sort(Comparator.comparing(SnapshotInfo::snapshot));
        return found;
    }

    /** Lets reads and writes in again after a {@link #block} whose work failed. */
    public void unblock(String name) {
        IndexHandle handle = handles.get(name);
        if (handle != null) {
            handle.problem = null;
        }
    }

    @Override
    public void delete(String name) {
        try {
            deleteFiles(name);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + name + " failed", e);
        }
    }

    /** Removes the index and its files. */
    private void deleteFiles(String name) throws IOException {
        IndexHandle handle = handle(name);
        handle.lock.writeLock().lock();
        try {
            dropStore(handle);
            handles.remove(name, handle);
            if (Files.exists(handle.dir)) {
                // staged like a rebuild, so a start-up after a crash mid-delete finishes the job
                Path doomed = Files.createDirectories(config.quarantineDir())
                        .resolve(STAGING_PREFIX + "deleted-" + name + "-" + System.nanoTime());
                DurableFiles.move(handle.dir, doomed); // gone from the index set at once, even if deleting stops halfway
                DurableFiles.deleteTree(doomed);
            }
            handle.problem = "deleted";
        } finally {
            handle.lock.writeLock().unlock();
        }
        oplog.record(OplogAction.DELETED, name, null);
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
                LOG.log(Level.WARNING, "Closing index " + handle.name + " failed; it will be recovered when next used", e);
                handle.store = store;
                dropStore(handle);
                return false;
            }
            LOG.fine(() -> "Closed index " + handle.name);
            oplog.record(OplogAction.CLOSED, handle.name, null);
            return true;
        } finally {
            handle.lock.writeLock().unlock();
        }
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
                LOG.log(Level.WARNING, "Index " + handle.name + " cannot be read", e);
                return new IndexInfo(handle.name, IndexState.DEGRADED, 0, 0, 0, null, null, String.valueOf(e.getMessage()));
            }
            closeHandle(handle);
            state = IndexState.CLOSED;
        }
        return new IndexInfo(handle.name, state, stats.documents(), stats.chunks(), stats.diskBytes(),
                stats.minTimestamp(), stats.maxTimestamp(), null);
    }
}
