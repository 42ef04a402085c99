package org.observer.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.InvalidRequestException;
import org.observer.api.OplogAction;
import org.observer.api.SnapshotInfo;
import org.observer.config.ObserverConfig;
import org.observer.oplog.Oplog;
import org.observer.storage.DurableFiles;
import org.observer.storage.StoreStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Snapshots of an index on this node: {@code <data>/snapshots/<index>/<snapshot>/<partition>/}, a
 * copy of each store's sealed chunks with the Kafka offsets they cover, and {@code snapshot.json}
 * written last. A restore (IndexRecovery) stages a snapshot's files and replays Kafka from its offsets.
 */
@ApplicationScoped
public class IndexSnapshots {

    @Inject
    IndexManager indexes;

    @Inject
    ObserverConfig config;

    @Inject
    Oplog oplog;

    private static final String MANIFEST = "snapshot.json";
    private static final DateTimeFormatter SNAPSHOT_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    /** Where snapshot {@code snapshot} of {@code index} lives: one directory per partition inside. */
    public Path snapshotDir(String index, String snapshot) {
        IndexNames.requireValid(index);
        if (snapshot == null || !snapshot.matches("[0-9A-Za-z_-]{1,64}")) {
            throw new InvalidRequestException("snapshot is '" + snapshot + "': expected a name such as 20251126T101500000Z");
        }
        return config.snapshotsDir().resolve(index).resolve(snapshot);
    }

    /** Seals the index's stores of {@code partitions} and copies them into a new snapshot, one directory per partition. */
    public SnapshotInfo take(String name, Collection<Integer> partitions) {
        List<StoreKey> keys = indexes.existing(name, partitions);
        long time = System.currentTimeMillis();
        String id = SNAPSHOT_ID.format(Instant.ofEpochMilli(time));
        Path target = snapshotDir(name, id);
        try {
            Map<Integer, Long> offsets = new TreeMap<>();
            long documents = 0;
            int chunks = 0;
            long bytes = 0;
            for (StoreKey key : keys) {
                StoreStats stats = indexes.read(key.index(), key.partition(), store -> {
                    offsets.putAll(store.exportTo(target.resolve(String.valueOf(key.partition()))));
                    return store.stats();
                });
                documents += stats.documents();
                chunks += stats.chunks();
                bytes += stats.diskBytes();
            }
            SnapshotInfo info = new SnapshotInfo(name, id, time, documents, chunks, bytes, offsets);
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

    /** The index's snapshots on this node, oldest first. */
    public List<SnapshotInfo> list(String name) {
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
}
