package org.observer.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.observer.analysis.FieldTypes;
import org.observer.analysis.FieldValue;
import org.observer.query.Query;
import org.observer.query.QueryParser;
import org.observer.storage.Aggregation;
import org.observer.storage.IndexStore;
import org.observer.storage.LogRecord;
import org.observer.storage.StoreResult;
import org.observer.storage.StoreSettings;
import org.observer.storage.StoredHit;

/**
 * The Observer's storage engine used the way the server's processor and search service use it:
 * one {@link IndexStore} per index, records appended in batches, queries parsed by
 * {@link QueryParser}. {@code @timestamp} is not indexed as a field (the processor keeps it only as
 * the record's time), so the indexed fields are {@code message} and {@code source}.
 */
final class ObserverEngine implements Engine {

    /** Records per append call: about one Kafka poll's worth for one index (max.poll.records 5000, 10 sources). */
    static final int BATCH = 1000;

    private static final Comparator<StoredHit> NEWEST_FIRST = Comparator.comparingLong(StoredHit::timestamp).reversed()
            .thenComparing(Comparator.comparingLong(StoredHit::offset).reversed())
            .thenComparing(Comparator.comparingInt(StoredHit::partition).reversed());

    private final Path root;
    /**
     * No threads lent for sealing (the server lends its managed executor): one indexing thread,
     * as Lucene gets with its serial merge scheduler.
     */
    private final StoreSettings settings;
    private final Map<String, IndexStore> writing = new LinkedHashMap<>();
    private final Map<String, List<LogRecord>> pending = new HashMap<>();
    private final Map<String, IndexStore> reading = new HashMap<>();
    /** The Kafka offset stand-in: increasing across all indexes, so replays are never skipped. */
    private long offset;

    ObserverEngine(Path root) {
        this(root, StoreSettings.defaults().hotBlockFilters());
    }

    /** @param hotBlockFilters the store setting (on by default), to compare the two */
    ObserverEngine(Path root, boolean hotBlockFilters) {
        this.root = root;
        this.settings = StoreSettings.defaults().withFields(FieldTypes.DEFAULT, Doc::fields).withHotBlockFilters(hotBlockFilters);
    }

    @Override
    public String name() {
        return "observer";
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public void add(Doc doc) throws IOException {
        List<FieldValue> fields = doc.indexedFields();
        List<LogRecord> batch = pending.computeIfAbsent(doc.index(), i -> new ArrayList<>(BATCH));
        batch.add(new LogRecord(0, offset++, doc.timestamp(), doc.json(), fields));
        if (batch.size() >= BATCH) {
            flush(doc.index(), batch);
        }
    }

    private void flush(String index, List<LogRecord> batch) throws IOException {
        IndexStore store = writing.get(index);
        if (store == null) {
            store = IndexStore.open(root.resolve(index), settings);
            writing.put(index, store);
        }
        store.append(batch);
        batch.clear();
    }

    @Override
    public void finishWrites() throws IOException {
        for (Map.Entry<String, List<LogRecord>> e : pending.entrySet()) {
            if (!e.getValue().isEmpty()) {
                flush(e.getKey(), e.getValue());
            }
        }
        pending.clear();
        for (IndexStore store : writing.values()) {
            store.close(); // seals the active segment into a chunk
        }
        writing.clear();
    }

    /**
     * Searches each day's indexes, newest day first, and merges newest-first. Once newer days gave
     * {@code size} hits, older days cannot contribute any (their timestamps are all older), so they
     * are only counted ({@code size} 0: no fetch).
     */
    @Override
    public Result search(QuerySet.BenchQuery q, List<List<String>> daysNewestFirst, int size) throws IOException {
        Query query = QueryParser.parse(q.text());
        Aggregation aggregation = q.aggregates()
                ? new Aggregation(q.from(), 3_600_000L, QuerySet.BenchQuery.HOURS, List.of("source")) : null;
        // Two phases, as the server's search service: every index counts and names the times of its
        // newest matches without reading a record; then only the indexes holding the overall newest
        // fetch, and only those hits.
        long total = 0;
        Map<String, long[]> newestByIndex = new LinkedHashMap<>();
        for (List<String> day : daysNewestFirst) {
            for (String index : day) {
                StoreResult result = reader(index).search(query, q.from(), q.to(), size, aggregation, false);
                total += result.total();
                if (result.newest().length > 0) {
                    newestByIndex.put(index, result.newest());
                }
            }
        }
        long floor = StoreResult.newestFloor(newestByIndex.values(), size);
        List<StoredHit> hits = new ArrayList<>();
        for (Map.Entry<String, long[]> e : newestByIndex.entrySet()) {
            if (e.getValue()[0] >= floor) {
                hits.addAll(reader(e.getKey()).search(query, Math.max(q.from(), floor), q.to(), size).hits());
            }
        }
        hits.sort(NEWEST_FIRST);
        if (hits.size() > size) {
            hits = new ArrayList<>(hits.subList(0, size));
        }
        long[] timestamps = hits.stream().mapToLong(StoredHit::timestamp).toArray();
        long crc = Result.crc(hits.stream().map(StoredHit::source).toList());
        if (aggregation == null) {
            return new Result(total, timestamps, crc);
        }
        return new Result(total, timestamps, crc, aggregation.histogram(), new TreeMap<>(aggregation.terms().get("source")));
    }

    private IndexStore reader(String index) throws IOException {
        IndexStore store = reading.get(index);
        if (store == null) {
            store = IndexStore.open(root.resolve(index), settings);
            reading.put(index, store);
        }
        return store;
    }

    /** Compacts every index under the root (each its own store, opened, compacted, closed). */
    void compactAll() throws IOException {
        finishWrites();
        closeReaders();
        try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(root)) {
            for (Path dir : dirs.filter(java.nio.file.Files::isDirectory).toList()) {
                try (IndexStore store = IndexStore.open(dir, settings)) {
                    store.compact();
                }
            }
        }
    }

    @Override
    public void closeReaders() throws IOException {
        for (IndexStore store : reading.values()) {
            store.close();
        }
        reading.clear();
    }

    @Override
    public void close() throws IOException {
        finishWrites();
        closeReaders();
    }
}
