package org.observer.index;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.observer.api.IndexInfo;
import org.observer.api.IndexNotFoundException;
import org.observer.api.IndexService;
import org.observer.api.IndexState;
import org.observer.config.ObserverConfig;
import org.observer.storage.IndexStore;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
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

    /** Work done with an open store; may throw I/O errors. */
    @FunctionalInterface
    public interface StoreWork<T> {
        T apply(IndexStore store) throws IOException;
    }

    @Inject
    ObserverConfig config;

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
        LOG.info(() -> "Indexes under " + root + ": " + handles.size() + " found");
    }

    @PreDestroy
    void stop() {
        for (IndexHandle handle : handles.values()) {
            closeHandle(handle);
        }
    }

    /** Runs {@code work} on the index's store, creating the index if it does not exist yet. */
    public <T> T write(String name, StoreWork<T> work) throws IOException {
        IndexHandle handle = handles.computeIfAbsent(IndexNames.requireValid(name),
                n -> new IndexHandle(n, root.resolve(n)));
        return use(handle, work);
    }

    /** Runs {@code work} on an existing index's store, loading it if it is CLOSED. */
    public <T> T read(String name, StoreWork<T> work) throws IOException {
        IndexHandle handle = handles.get(name);
        if (handle == null) {
            throw new IndexNotFoundException(name);
        }
        return use(handle, work);
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
            use(handle, store -> null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open index " + name, e);
        }
        return info(handle);
    }

    /** Closes every OPEN index unused for longer than {@code idleMillis}; returns how many. */
    public int closeIdle(long idleMillis) {
        long now = System.currentTimeMillis();
        int closed = 0;
        for (IndexHandle handle : handles.values()) {
            if (handle.store != null && now - handle.lastUsedMillis >= idleMillis) {
                closed += closeHandle(handle) ? 1 : 0;
            }
        }
        return closed;
    }

    private IndexHandle handle(String name) {
        IndexHandle handle = handles.get(name);
        if (handle == null) {
            throw new IndexNotFoundException(name);
        }
        return handle;
    }

    private <T> T use(IndexHandle handle, StoreWork<T> work) throws IOException {
        handle.lastUsedMillis = System.currentTimeMillis();
        handle.lock.readLock().lock();
        try {
            while (handle.store == null) {
                handle.lock.readLock().unlock();
                try {
                    load(handle);
                } finally {
                    handle.lock.readLock().lock(); // the store stays open while we hold this
                }
            }
            return work.apply(handle.store);
        } finally {
            handle.lock.readLock().unlock();
        }
    }

    private void load(IndexHandle handle) throws IOException {
        handle.lock.writeLock().lock();
        try {
            if (handle.store == null) {
                handle.store = IndexStore.open(handle.dir, settings.withFields(config.fieldTypes(handle.name), JsonFields::indexed));
                handle.lastStats = handle.store.stats();
            }
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
            store.seal(); // first, so the figures kept for the CLOSED index count the sealed chunk
            handle.lastStats = store.stats();
            store.close();
            LOG.fine(() -> "Closed index " + handle.name);
            return true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Closing index " + handle.name + " failed", e);
            return false;
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
        if (stats == null) {
            // Never opened since start-up: load once to learn its figures, then leave it CLOSED.
            try {
                stats = use(handle, IndexStore::stats);
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
