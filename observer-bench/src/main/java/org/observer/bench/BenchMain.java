package org.observer.bench;

import org.observer.storage.DurableFiles;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.github.luben.zstd.Zstd;

/**
 * {@code java -jar observer-bench.jar [--corpus DIR] [--lines N] [--work DIR] [--seed S] [--warmup W] [--reps R]}.
 * Prints progress, then one JSON object as the last line; exits 1 when the engines disagree on
 * any query's hits. {@code --lines 0} runs the one pass (sizes, per system) only.
 */
public final class BenchMain {

    private static final int HITS = 100;
    private static final int GENERATE_BATCH = 4096;
    /** Closed runs reopen up to 70 stores per query: two passes give enough samples. */
    private static final int CLOSED_REPS = 2;
    /** The size bars (bytes per line, issue 22) every system should meet: hot ≤ 20, cold (compacted) ≤ 12. */
    private static final int HOT_BAR = 20;
    private static final int COLD_BAR = 12;

    private final Corpus corpus;
    private final long lines;
    private final long seed;
    /** Untimed runs of the query set after the first, so both engines' query code is compiled (JIT) when timed. */
    private final int warmup;
    private final int reps;
    private final Path work;
    private final List<String> mismatches = new ArrayList<>();
    /** {@code --hot-filters on|off}: the store's hotBlockFilters setting (default: the store's default). */
    private boolean hotFilters = org.observer.storage.StoreSettings.defaults().hotBlockFilters();
    /** {@code --cold on}: after the closed runs, compact every replay index and time the queries on cold chunks. */
    private boolean cold;

    private BenchMain(Corpus corpus, long lines, long seed, int warmup, int reps, Path work) {
        this.corpus = corpus;
        this.lines = lines;
        this.seed = seed;
        this.warmup = warmup;
        this.reps = reps;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path corpusDir = opts.containsKey("corpus") ? Paths.get(opts.get("corpus")) : defaultCorpus();
        long lines = Long.parseLong(opts.getOrDefault("lines", "1000000").replace("_", ""));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "3"));
        // 10 queries per class: 10 runs give 100 samples, so a class's p99 is not simply its slowest sample.
        int reps = Integer.parseInt(opts.getOrDefault("reps", "10"));
        Path parent = Paths.get(opts.getOrDefault("work", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        // Always a fresh directory of our own, so deleting it at the end can never hit user data.
        Path work = Files.createTempDirectory(parent, "observer-bench-");
        int exit;
        try {
            Corpus corpus = Corpus.load(corpusDir);
            System.out.printf("corpus %s: %d files, %d lines, %d bytes; replay %d lines; work %s%n", corpusDir,
                    corpus.files.size(), corpus.lineCount(), corpus.rawBytes(), lines, work);
            BenchMain bench = new BenchMain(corpus, lines, seed, warmup, reps, work);
            if (opts.containsKey("hot-filters")) {
                bench.hotFilters = switch (opts.get("hot-filters")) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--hot-filters is on or off, not " + opts.get("hot-filters"));
                };
            }
            bench.cold = switch (opts.getOrDefault("cold", "off")) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--cold is on or off, not " + opts.get("cold"));
            };
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("one_pass", bench.onePass());
            if (lines > 0) { // 0: sizes only
                result.put("replay", bench.replay());
            }
            exit = bench.mismatches.isEmpty() ? 0 : 1;
            System.out.println(Json.write(result));
        } finally {
            DurableFiles.deleteTree(work);
        }
        System.exit(exit);
    }

    // ---------------------------------------------------------------- pass 1: size

    private Map<String, Object> onePass() throws IOException {
        long zstd3 = 0;
        long zstd19 = 0;
        Map<String, Map<String, Object>> bySystem = new LinkedHashMap<>();
        for (Corpus.LogFile file : corpus.files) {
            int z3 = Zstd.compress(file.raw(), 3).length;
            int z19 = Zstd.compress(file.raw(), 19).length;
            zstd3 += z3;
            zstd19 += z19;
            double lines = file.lines().size();
            Map<String, Object> system = new LinkedHashMap<>();
            system.put("lines", file.lines().size());
            system.put("raw_bytes_per_line", file.raw().length / lines);
            system.put("zstd3_bytes_per_line", z3 / lines);
            system.put("zstd19_bytes_per_line", z19 / lines);
            bySystem.put(file.stem(), system);
        }
        double n = corpus.lineCount();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lines", corpus.lineCount());
        out.put("raw_bytes", corpus.rawBytes());
        out.put("raw_bytes_per_line", corpus.rawBytes() / n);
        out.put("zstd3_bytes_per_line", zstd3 / n);
        out.put("zstd19_bytes_per_line", zstd19 / n);
        Map<String, Map<String, Double>> byExt = new LinkedHashMap<>();
        for (Engine engine : List.of(new ObserverEngine(work.resolve("one-pass-observer"), hotFilters),
                new LuceneEngine(work.resolve("one-pass-lucene")))) {
            long k = 0;
            try (engine) {
                for (Corpus.LogFile file : corpus.files) {
                    for (String line : file.lines()) {
                        // Synthetic time: a fixed start plus one second per line.
                        engine.add(Doc.of(file.indexName(), file.stem(), Replayer.START + 1000 * k++, line));
                    }
                }
                engine.finishWrites(); // sealed (Observer) / committed (Lucene)
            }
            measure(engine.name(), engine.root(), n, out, byExt);
            measureSystems(engine.name(), engine.root(), bySystem);
            if (engine instanceof ObserverEngine observer) {
                long t = System.nanoTime();
                observer.compactAll();
                out.put("observer_compaction_s", (System.nanoTime() - t) / 1e9);
                measure("observer_cold", engine.root(), n, out, byExt);
                measureSystems("observer_cold", engine.root(), bySystem);
            }
            DurableFiles.deleteTree(engine.root());
        }
        out.put("bytes_per_line_by_file_type", byExt);
        Map<String, Object> splits = new LinkedHashMap<>();
        splits.put("observer", split(byExt.get("observer")));
        splits.put("observer_cold", split(byExt.get("observer_cold")));
        out.put("observer_split", splits);
        out.put("by_system", bySystem);
        out.put("worst_system", printSystems(bySystem));
        return out;
    }

    /** Observer file types grouped by what they hold: data (records), dictionary, postings (shape column), other. */
    static Map<String, Double> split(Map<String, ? extends Number> byExtension) {
        Map<String, Double> split = new LinkedHashMap<>();
        for (String part : List.of("data", "dictionary", "postings", "other")) {
            split.put(part, 0.0);
        }
        byExtension.forEach((ext, v) -> split.merge(switch (ext) {
            case "dat.zst" -> "data";
            case "dict" -> "dictionary";
            case "post" -> "postings";
            default -> "other"; // timestamps, meta, an unsealed segment
        }, v.doubleValue(), Double::sum));
        return split;
    }

    /**
     * Each file's index alone (the one pass writes one index per file): bytes per line in total,
     * and for The Observer split by {@link #split}. A system's figures depend on its own lines only,
     * so they are what leaving the others out of the corpus would give.
     */
    private void measureSystems(String name, Path root, Map<String, Map<String, Object>> bySystem) throws IOException {
        for (Corpus.LogFile file : corpus.files) {
            Map<String, Long> bytes = bytesByExtension(root.resolve(file.indexName()));
            double lines = file.lines().size();
            Map<String, Object> system = bySystem.get(file.stem());
            long total = bytes.values().stream().mapToLong(Long::longValue).sum();
            system.put(name + "_bytes", total); // exact, to compare runs: per line is rounded in the JSON
            system.put(name + "_bytes_per_line", total / lines);
            if (engine(name).equals("observer")) {
                Map<String, Double> perLine = new TreeMap<>();
                bytes.forEach((ext, b) -> perLine.put(ext, b / lines));
                system.put(name + "_split", split(perLine));
            }
        }
    }

    private static String engine(String name) {
        return name.startsWith("observer") ? "observer" : name;
    }

    /** Prints one row per system and returns the worst one hot and cold (most bytes per line). */
    private static Map<String, Object> printSystems(Map<String, Map<String, Object>> bySystem) {
        System.out.printf("%-24s %7s %6s %6s | %6s %6s %6s %6s %6s | %6s %6s %6s %6s %6s | %7s%n", "system", "lines",
                "raw", "zstd19", "hot", "data", "dict", "post", "other", "cold", "data", "dict", "post", "other", "lucene");
        String worstHot = null;
        String worstCold = null;
        for (Map.Entry<String, Map<String, Object>> e : bySystem.entrySet()) {
            Map<String, Object> s = e.getValue();
            @SuppressWarnings("unchecked")
            Map<String, Double> hot = (Map<String, Double>) s.get("observer_split");
            @SuppressWarnings("unchecked")
            Map<String, Double> cold = (Map<String, Double>) s.get("observer_cold_split");
            System.out.printf("%-24.24s %7d %6.1f %6.2f | %6.2f %6.2f %6.2f %6.2f %6.2f | %6.2f %6.2f %6.2f %6.2f %6.2f | %7.1f%s%n",
                    e.getKey(), (Integer) s.get("lines"), (Double) s.get("raw_bytes_per_line"), (Double) s.get("zstd19_bytes_per_line"),
                    (Double) s.get("observer_bytes_per_line"), hot.get("data"), hot.get("dictionary"),
                    hot.get("postings"), hot.get("other"),
                    (Double) s.get("observer_cold_bytes_per_line"), cold.get("data"), cold.get("dictionary"),
                    cold.get("postings"), cold.get("other"), (Double) s.get("lucene_bytes_per_line"),
                    misses(s));
            worstHot = worse(bySystem, worstHot, e.getKey(), "observer_bytes_per_line");
            worstCold = worse(bySystem, worstCold, e.getKey(), "observer_cold_bytes_per_line");
        }
        Map<String, Object> worst = new LinkedHashMap<>();
        worst.put("hot", worstHot);
        worst.put("hot_bytes_per_line", bySystem.get(worstHot).get("observer_bytes_per_line"));
        worst.put("cold", worstCold);
        worst.put("cold_bytes_per_line", bySystem.get(worstCold).get("observer_cold_bytes_per_line"));
        System.out.printf("worst system: hot %s %.2f bytes/line (bar %d), cold %s %.2f (bar %d)%n", worstHot,
                (Double) worst.get("hot_bytes_per_line"), HOT_BAR, worstCold, (Double) worst.get("cold_bytes_per_line"), COLD_BAR);
        return worst;
    }

    private static String misses(Map<String, Object> system) {
        String out = "";
        if ((Double) system.get("observer_bytes_per_line") > HOT_BAR) {
            out += "  hot>" + HOT_BAR;
        }
        if ((Double) system.get("observer_cold_bytes_per_line") > COLD_BAR) {
            out += "  cold>" + COLD_BAR;
        }
        return out;
    }

    private static String worse(Map<String, Map<String, Object>> bySystem, String current, String candidate, String key) {
        if (current == null) {
            return candidate;
        }
        return (Double) bySystem.get(candidate).get(key) > (Double) bySystem.get(current).get(key) ? candidate : current;
    }

    private static void measure(String name, Path root, double lines, Map<String, Object> out,
                                Map<String, Map<String, Double>> byExt) throws IOException {
        Map<String, Long> bytes = bytesByExtension(root);
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();
        out.put(name + "_bytes_per_line", total / lines);
        Map<String, Double> perLine = new TreeMap<>();
        bytes.forEach((ext, b) -> perLine.put(ext, b / lines));
        byExt.put(name, perLine);
        System.out.printf("one pass %s: %.2f bytes/line %s%n", name, total / lines, Json.write(perLine));
    }

    // ---------------------------------------------------------------- pass 2: replay

    /** What one engine did in the replay. */
    private static final class EngineRun {
        final Engine engine;
        double indexSeconds;
        double finishSeconds;
        Map<String, Long> diskBytes;
        long heapBytes;
        final Stats first = new Stats();
        final Stats warm = new Stats();
        final Stats closed = new Stats();
        final Stats cold = new Stats();
        Engine.Result[] results;
        double[] warmMedianMs;

        EngineRun(Engine engine) {
            this.engine = engine;
        }
    }

    private Map<String, Object> replay() throws IOException {
        List<QuerySet.BenchQuery> queries = QuerySet.derive(corpus, seed);
        EngineRun observer = new EngineRun(new ObserverEngine(work.resolve("replay-observer"), hotFilters));
        EngineRun lucene = new EngineRun(new LuceneEngine(work.resolve("replay-lucene")));
        // One engine at a time: each gets both cores' worth of quiet and the whole heap.
        for (EngineRun run : List.of(observer, lucene)) {
            try (Engine engine = run.engine) {
                long heapBefore = usedHeapAfterGc();
                TreeMap<Integer, TreeSet<String>> indexesByDay = index(run);
                runQueries(run, queries, indexesByDay, heapBefore);
            }
            run.diskBytes = bytesByExtension(run.engine.root());
            DurableFiles.deleteTree(run.engine.root());
        }

        System.out.printf("%-3s %-10s %-40s %4s %10s %12s %12s%n", "#", "class", "query", "day", "hits", "observer_ms", "lucene_ms");
        for (int i = 0; i < queries.size(); i++) {
            QuerySet.BenchQuery q = queries.get(i);
            System.out.printf("%-3d %-10s %-40.40s %4s %10d %12.2f %12.2f%n", i, q.cls(), q.text(),
                    q.day() < 0 ? "-" : Integer.toString(q.day()), observer.results[i].total(),
                    observer.warmMedianMs[i], lucene.warmMedianMs[i]);
            check("observer vs lucene", q, observer.results[i], lucene.results[i]);
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lines", lines);
        out.put("days", Replayer.DAYS);
        out.put("queries", queries.size());
        out.put("warmup_runs", warmup);
        out.put("warm_reps", reps);
        out.put("observer", summary(observer, true));
        out.put("lucene", summary(lucene, false));
        out.put("hit_count_mismatches", mismatches.size());
        out.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        return out;
    }

    /** Replays the stream into the engine, timing only the engine's calls (not the generation). */
    private TreeMap<Integer, TreeSet<String>> index(EngineRun run) throws IOException {
        Engine engine = run.engine;
        Replayer replayer = new Replayer(corpus, lines, seed);
        TreeMap<Integer, TreeSet<String>> indexesByDay = new TreeMap<>();
        List<Doc> batch = new ArrayList<>(GENERATE_BATCH);
        int day = -1;
        long done = 0;
        long indexNanos = 0;
        long finishNanos = 0;
        while (replayer.next(batch, GENERATE_BATCH)) {
            int batchDay = Replayer.dayOf(batch.get(0).timestamp()); // a batch never spans two days
            if (batchDay != day) {
                if (day >= 0) {
                    // The day is over: its indexes get no more writes, so seal/commit them now.
                    long t = System.nanoTime();
                    engine.finishWrites();
                    finishNanos += System.nanoTime() - t;
                    System.out.printf("%s: day %d done, %d lines, %.0f lines/s%n", engine.name(), day, done,
                            done / ((indexNanos + finishNanos) / 1e9));
                }
                day = batchDay;
            }
            long t = System.nanoTime();
            for (Doc doc : batch) {
                engine.add(doc);
            }
            indexNanos += System.nanoTime() - t;
            for (Doc doc : batch) {
                indexesByDay.computeIfAbsent(day, d -> new TreeSet<>()).add(doc.index());
            }
            done += batch.size();
        }
        long t = System.nanoTime();
        engine.finishWrites();
        finishNanos += System.nanoTime() - t;
        run.indexSeconds = (indexNanos + finishNanos) / 1e9;
        run.finishSeconds = finishNanos / 1e9;
        System.out.printf("%s: indexed %d lines in %.1f s (%.1f s sealing/committing): %.0f lines/s%n", engine.name(),
                done, run.indexSeconds, run.finishSeconds, done / run.indexSeconds);
        return indexesByDay;
    }

    /** First, warm and (Observer) closed runs of the query set; the first run's answers are the reference. */
    private void runQueries(EngineRun run, List<QuerySet.BenchQuery> queries,
                            TreeMap<Integer, TreeSet<String>> indexesByDay, long heapBefore) throws IOException {
        Engine engine = run.engine;
        List<List<String>> all = new ArrayList<>();
        indexesByDay.descendingMap().values().forEach(day -> all.add(List.copyOf(day)));
        run.results = new Engine.Result[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            QuerySet.BenchQuery q = queries.get(i);
            long t = System.nanoTime();
            run.results[i] = engine.search(q, scope(q, indexesByDay, all), HITS);
            run.first.add(q.cls(), System.nanoTime() - t);
        }
        for (int r = 0; r < warmup; r++) {
            for (QuerySet.BenchQuery q : queries) {
                engine.search(q, scope(q, indexesByDay, all), HITS);
            }
        }
        List<List<Double>> millis = new ArrayList<>();
        queries.forEach(q -> millis.add(new ArrayList<>()));
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < queries.size(); i++) {
                QuerySet.BenchQuery q = queries.get(i);
                long t = System.nanoTime();
                Engine.Result result = engine.search(q, scope(q, indexesByDay, all), HITS);
                long elapsed = System.nanoTime() - t;
                run.warm.add(q.cls(), elapsed);
                millis.get(i).add(elapsed / 1e6);
                check(engine.name() + " warm run", q, run.results[i], result);
            }
        }
        run.warmMedianMs = millis.stream().mapToDouble(m -> Stats.percentile(m, 50)).toArray();
        run.heapBytes = usedHeapAfterGc() - heapBefore;
        if (engine instanceof ObserverEngine) {
            // Closed: every store closed before each query (untimed), reopened by it (timed).
            for (int r = 0; r < CLOSED_REPS; r++) {
                for (int i = 0; i < queries.size(); i++) {
                    QuerySet.BenchQuery q = queries.get(i);
                    engine.closeReaders();
                    long t = System.nanoTime();
                    Engine.Result result = engine.search(q, scope(q, indexesByDay, all), HITS);
                    run.closed.add(q.cls(), System.nanoTime() - t);
                    check(engine.name() + " closed run", q, run.results[i], result);
                }
            }
            if (cold) {
                // Cold: every index compacted (what an idle index becomes), then one untimed pass and the warm runs.
                long t = System.nanoTime();
                ((ObserverEngine) engine).compactAll();
                System.out.printf("  compacted every replay index in %.1f s%n", (System.nanoTime() - t) / 1e9);
                for (int r = -1; r < reps; r++) {
                    for (int i = 0; i < queries.size(); i++) {
                        QuerySet.BenchQuery q = queries.get(i);
                        long start = System.nanoTime();
                        Engine.Result result = engine.search(q, scope(q, indexesByDay, all), HITS);
                        if (r >= 0) {
                            run.cold.add(q.cls(), System.nanoTime() - start);
                        }
                        check(engine.name() + " cold run", q, run.results[i], result);
                    }
                }
            }
        }
        engine.closeReaders();
    }

    private static List<List<String>> scope(QuerySet.BenchQuery q, TreeMap<Integer, TreeSet<String>> byDay,
                                            List<List<String>> all) {
        return q.day() < 0 ? all : List.of(List.copyOf(byDay.getOrDefault(q.day(), new TreeSet<>())));
    }

    private void check(String what, QuerySet.BenchQuery q, Engine.Result expected, Engine.Result actual) {
        String problem = null;
        if (expected.total() != actual.total()) {
            problem = "hit count " + expected.total() + " vs " + actual.total();
        } else if (!Arrays.equals(expected.timestamps(), actual.timestamps())) {
            problem = "different newest hits (" + expected.timestamps().length + " vs " + actual.timestamps().length + ")";
        } else if (expected.sourceCrc() != actual.sourceCrc()) {
            problem = "different source bytes in the hits";
        } else if (!Arrays.equals(expected.histogram(), actual.histogram())) {
            problem = "different histograms " + Arrays.toString(expected.histogram()) + " vs " + Arrays.toString(actual.histogram());
        } else if (!java.util.Objects.equals(expected.sources(), actual.sources())) {
            problem = "different terms counts " + expected.sources() + " vs " + actual.sources();
        }
        if (problem != null) {
            String message = "MISMATCH " + what + ": " + q + ": " + problem;
            System.out.println(message);
            mismatches.add(message);
        }
    }

    private Map<String, Object> summary(EngineRun run, boolean observer) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("index_lines_per_s", Math.round(lines / run.indexSeconds));
        out.put("index_s", run.indexSeconds);
        out.put("seal_or_commit_s", run.finishSeconds);
        out.put("disk_bytes_per_line", run.diskBytes.values().stream().mapToLong(Long::longValue).sum() / (double) lines);
        Map<String, Double> perLine = new TreeMap<>();
        run.diskBytes.forEach((ext, b) -> perLine.put(ext, b / (double) lines));
        out.put("disk_bytes_per_line_by_file_type", perLine);
        out.put("query_p50_ms", run.warm.p50());
        out.put("query_p99_ms", run.warm.p99());
        if (observer) {
            out.put("closed_query_p50_ms", run.closed.p50());
            out.put("closed_query_p99_ms", run.closed.p99());
            if (cold) {
                out.put("cold_query_p50_ms", run.cold.p50());
                out.put("cold_query_p99_ms", run.cold.p99());
            }
        }
        out.put("first_query_p50_ms", run.first.p50());
        out.put("first_query_p99_ms", run.first.p99());
        out.put("heap_mb", run.heapBytes / (double) (1 << 20));
        out.put("warm_by_class", run.warm.byClass());
        if (observer) {
            out.put("closed_by_class", run.closed.byClass());
            if (cold) {
                out.put("cold_by_class", run.cold.byClass());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** Heap in use once garbage is gone: what the engine's open indexes keep. */
    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes of every file below {@code root}, by extension ({@code dat.zst}, {@code fdt}, {@code segments}). */
    static Map<String, Long> bytesByExtension(Path root) throws IOException {
        Map<String, Long> bytes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                int dot = name.indexOf('.');
                String ext = dot >= 0 ? name.substring(dot + 1) : name.replaceAll("_\\w+$", "");
                bytes.merge(ext, Files.size(file), Long::sum);
            }
        }
        return bytes;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length
                    || !List.of("--corpus", "--lines", "--work", "--seed", "--warmup", "--reps", "--hot-filters", "--cold").contains(arg)) {
                System.err.println("usage: java -jar observer-bench.jar [--corpus DIR] [--lines N] [--work DIR] [--seed S] [--warmup W] [--reps R] [--hot-filters on|off] [--cold on|off]");
                System.exit(2);
            }
            opts.put(arg.substring(2), args[++i]);
        }
        return opts;
    }

    /** {@code samples/loghub} of the repository: the working directory or the jar's. */
    static Path defaultCorpus() {
        Path relative = Paths.get("samples", "loghub");
        if (Files.isDirectory(relative)) {
            return relative;
        }
        try {
            Path jar = Paths.get(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <root>/observer-bench/target/observer-bench.jar
            Path fromJar = jar.getParent().getParent().getParent().resolve(relative).normalize();
            if (Files.isDirectory(fromJar)) {
                return fromJar;
            }
        } catch (Exception e) {
            // fall through to the relative path and its error message
        }
        return relative;
    }
}
