package org.observer.bench;

import org.observer.storage.DurableFiles;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Search latency through the running server (Payara + Kafka), measured from a client over HTTP.
 *
 * <pre>
 * java -cp observer-bench.jar org.observer.bench.ServerLoad [--url http://localhost:8080] [--corpus DIR]
 *      [--lines N] [--seed S] [--warmup W] [--reps R] [--clients C] [--batch B] [--rate L] [--ingest-warmup N] [--wait-timeout SECONDS] [--skip-ingest] [--es]
 * java -cp observer-bench.jar org.observer.bench.ServerLoad --nodes 1,3 [--replicas 1,0] [--launcher JAR] [--http-port P] [--kafka-port K] ...
 * </pre>
 * {@code --url} may name several nodes (comma-separated): posts and queries go round robin. With
 * {@code --nodes}, it starts each cluster itself (see {@link #compareClusters}).
 *
 * <ol>
 * <li>Unless {@code --skip-ingest}: replays {@code N} lines ({@link Replayer}: 7 days, indexes
 * {@code <source>-YYYY-MM-DD}) as NDJSON {@code POST /api/logs/{index}/_bulk} requests of up to
 * {@code B} lines of one index, from {@code C} client threads, at most {@code L} lines per second when
 * {@code --rate} is given (to time freshness below the maximum rate; 503 is retried after its
 * {@code Retry-After}); reports acknowledged lines per second, then polls {@code GET /api/search}
 * with {@code size=0} until its total reaches the acknowledged count and reports how long that took.
 * {@code --es} posts them to the Elasticsearch API's {@code POST /{index}/_bulk} instead, each line
 * after a {@code {"create":{}}} action line, as Filebeat does.</li>
 * <li>Runs every query of {@link QuerySet#derive} once (the first run), then {@code W} times untimed
 * (default 40: with three JVMs on two cores the JIT keeps compiling for a minute or more, and the
 * 3-node p50 went from 6.2 ms after 15 runs to 3.7 ms after 40), then {@code R} more times (warm), one request at a time, timing each request
 * client-side (send to the last byte of the answer). Unranged queries name every replayed index; {@code _1d} queries add {@code from}/{@code to}
 * (the server prunes the other days' indexes by name); {@code agg} queries add an hourly histogram
 * and the top {@code source} terms.</li>
 * </ol>
 * With the ingest rate it prints acknowledgement → searchable p50/p99 ({@link Freshness}), the first
 * node's heap and GC ({@link NodeMetrics}; with {@code --nodes}, the longest GC pause from the nodes'
 * GC logs, {@link GcPauses}) and, when it knows the broker, the rate of a plain Kafka
 * producer writing the same lines there in the same run ({@link KafkaAlone}); {@code --direct}
 * writes them straight into {@code observer.ingest} instead, to time the processors alone. The
 * clusters' data directories are deleted at the end unless {@code --keep-data}.
 * Any answer other than 200 (202 on ingest) stops the run with exit code 1. Prints a table, then one
 * JSON object as the last line.
 */
public final class ServerLoad {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    /** An Elasticsearch bulk action line as Filebeat writes it (the index comes from the path). */
    private static final byte[] CREATE = "{\"create\":{}}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    private static final Pattern TOOK = Pattern.compile("\"took_ms\":(\\d+)");
    private static final int HITS = 100;
    private static final int MAX_503_RETRIES = 60;
    /** Every how many bulk requests one line carries a freshness marker ({@link Freshness}). */
    private static final int MARK_EVERY = 5;
    /** Where {@code --ingest-warmup} posts: no replay index starts so. */
    private static final String WARMUP_PREFIX = "warmup-";
    private static final List<String> VALUE_OPTIONS = List.of("--url", "--corpus", "--lines", "--seed", "--warmup", "--reps", "--replicas",
            "--clients", "--batch", "--wait-timeout", "--nodes", "--launcher", "--http-port", "--kafka-port", "--kafka-bootstrap",
            "--rate", "--ingest-warmup");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    /** The nodes to send to, round robin: one node, or every node of a cluster (comma-separated --url). */
    private final List<String> urls;
    private final java.util.concurrent.atomic.AtomicInteger nextUrl = new java.util.concurrent.atomic.AtomicInteger();
    private final Corpus corpus;
    private final long lines;
    private final long seed;
    /** Every index the replay writes, sorted. */
    private final List<String> indexNames;
    /** Lines the replay puts on each day. */
    private final long[] linesPerDay = new long[Replayer.DAYS];
    /** Lines the indexes held before this run ingested: then the per-day totals cannot be checked. */
    private long preexisting;
    /** Where the launched nodes write their GC logs ({@link GcPauses}); null when the nodes are not ours. */
    private Path gcLogs;
    /** {@code --rate}: lines per second to post at most (0: as fast as the clients go). */
    private long rate;
    /** {@code --es}: post to the Elasticsearch API's {@code /{index}/_bulk}, as a shipper does. */
    private boolean elasticsearch;

    private ServerLoad(String url, Corpus corpus, long lines, long seed) {
        List<String> given = new ArrayList<>();
        for (String one : url.split(",")) {
            String trimmed = one.trim();
            given.add(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
        }
        this.urls = List.copyOf(given);
        this.corpus = corpus;
        this.lines = lines;
        this.seed = seed;
        // The replay's routing without generating its documents: line i is interleaved[i % n] on its day.
        Map<Corpus.LogFile, Integer> fileNumbers = new IdentityHashMap<>();
        corpus.files.forEach(f -> fileNumbers.put(f, fileNumbers.size()));
        int n = corpus.lineCount();
        int[] fileOfLine = new int[n];
        for (int i = 0; i < n; i++) {
            fileOfLine[i] = fileNumbers.get(corpus.interleaved.get(i).file());
        }
        boolean[][] used = new boolean[corpus.files.size()][Replayer.DAYS];
        for (long i = 0; i < lines; i++) {
            int day = Replayer.dayOf(Replayer.START + i * (Replayer.DAYS * Replayer.DAY_MILLIS) / lines);
            linesPerDay[day]++;
            used[fileOfLine[(int) (i % n)]][day] = true;
        }
        Set<String> names = new TreeSet<>();
        for (int f = 0; f < used.length; f++) {
            for (int d = 0; d < Replayer.DAYS; d++) {
                if (used[f][d]) {
                    names.add(Replayer.indexName(corpus.files.get(f), d));
                }
            }
        }
        this.indexNames = List.copyOf(names);
    }

    /** The next node's base URL. */
    private String url() {
        return urls.get(Math.floorMod(nextUrl.getAndIncrement(), urls.size()));
    }

    public static void main(String[] args) {
        try {
            Map<String, String> opts = options(args);
            String url = opts.getOrDefault("url", "http://localhost:8080");
            Path corpusDir = opts.containsKey("corpus") ? Paths.get(opts.get("corpus")) : BenchMain.defaultCorpus();
            long lines = Long.parseLong(opts.getOrDefault("lines", "1000000").replace("_", ""));
            long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
            int warmup = Integer.parseInt(opts.getOrDefault("warmup", "40"));
            int reps = Integer.parseInt(opts.getOrDefault("reps", "5"));
            int clients = Integer.parseInt(opts.getOrDefault("clients", "3"));
            int batch = Integer.parseInt(opts.getOrDefault("batch", "5000").replace("_", ""));
            long waitTimeoutS = Long.parseLong(opts.getOrDefault("wait-timeout", "900"));
            boolean skipIngest = opts.containsKey("skip-ingest");
            if (lines <= 0 || reps < 1 || clients < 1 || batch < 1 || warmup < 0) {
                throw new IllegalArgumentException("--lines, --reps, --clients and --batch must be positive, --warmup at least 0");
            }

            Corpus corpus = Corpus.load(corpusDir);
            if (opts.containsKey("nodes")) {
                compareClusters(opts, corpus, lines, seed, warmup, reps, clients, batch, waitTimeoutS);
                System.exit(0);
            }
            ServerLoad load = new ServerLoad(url, corpus, lines, seed);
            load.rate = Long.parseLong(opts.getOrDefault("rate", "0"));
            load.elasticsearch = opts.containsKey("es");
            System.out.printf(Locale.ROOT, "server %s; corpus %s: %d files, %d lines; replay %d lines into %d indexes%n",
                    String.join(",", load.urls), corpusDir, corpus.files.size(), corpus.lineCount(), lines, load.indexNames.size());

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("lines", lines);
            if (skipIngest) {
                long total = load.count();
                System.out.printf(Locale.ROOT, "--skip-ingest: the server holds %d lines in the replay's indexes%n", total);
                if (total != lines) {
                    throw new IllegalStateException("the server holds " + total + " lines in the replay's indexes, not "
                            + lines + ": ingest them first (same --lines and --seed) or pass the right --lines");
                }
                result.put("ingest_lines_per_s", null);
                result.put("searchable_after_s", null);
            } else {
                long warmupLines = ingestWarmup(opts);
                load.warmUp(warmupLines, clients, batch, waitTimeoutS);
                if (opts.containsKey("kafka-bootstrap")) {
                    result.put("kafka_alone_lines_per_s", KafkaAlone.measure(opts.get("kafka-bootstrap"), corpus, lines, seed, 4,
                            warmupLines));
                    double kcat = KafkaAlone.measureKcat(opts.get("kafka-bootstrap"), corpus, lines, seed, 4);
                    if (kcat > 0) {
                        result.put("kcat_alone_lines_per_s", kcat);
                    }
                }
                load.ingest(clients, batch, waitTimeoutS, result);
            }
            load.queries(warmup, reps, result);
            System.out.println(Json.write(result));
            System.exit(0);
        } catch (Exception e) {
            System.out.flush();
            System.err.println("ServerLoad FAILED: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------- clusters

    /**
     * {@code --nodes 1,3}: for each count, starts a broker and that many nodes with the run
     * command's launcher on a fresh data directory, runs the load through all of them (posts and
     * queries round robin), and with several nodes kills the last one ({@code kill -9}) and times
     * until a count over everything is complete and exact again. {@code --replicas 1,0} runs each
     * cluster of several nodes once per count of standby copies (OBSERVER_REPLICAS; default 1). The
     * last line adds up the fan-out overhead: the query p50 of the most nodes (with the first count
     * of copies) minus that of one.
     */
    private static void compareClusters(Map<String, String> opts, Corpus corpus, long lines, long seed, int warmup, int reps,
                                        int clients, int batch, long waitTimeoutS) throws Exception {
        Path launcher = opts.containsKey("launcher") ? Paths.get(opts.get("launcher")) : defaultLauncher();
        int httpPort = Integer.parseInt(opts.getOrDefault("http-port", "18600"));
        int kafkaPort = Integer.parseInt(opts.getOrDefault("kafka-port", "19700"));
        Path work = java.nio.file.Files.createTempDirectory("observer-serverload-");
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("lines", lines);
        Map<Integer, Double> p50 = new LinkedHashMap<>();
        List<Integer> replicaCounts = new ArrayList<>();
        for (String r : opts.getOrDefault("replicas", "1").split(",")) {
            replicaCounts.add(Integer.parseInt(r.trim()));
        }
        List<int[]> runs = new ArrayList<>(); // {nodes, replicas}
        for (String part : opts.get("nodes").split(",")) {
            int nodes = Integer.parseInt(part.trim());
            for (int replicas : nodes > 1 ? replicaCounts : replicaCounts.subList(0, 1)) {
                runs.add(new int[]{nodes, replicas});
            }
        }
        for (int[] run : runs) {
            int nodes = run[0];
            int replicas = run[1];
            String name = nodes + "_nodes" + (nodes > 1 && replicaCounts.size() > 1 ? "_" + replicas + "_replicas" : "");
            System.out.printf(Locale.ROOT, "%n=== %d node(s)%s, data in %s ===%n", nodes,
                    nodes > 1 ? ", " + replicas + " standby cop" + (replicas == 1 ? "y" : "ies") : "", work.resolve(name));
            Map<String, Object> result = new LinkedHashMap<>();
            try (LaunchedCluster cluster = LaunchedCluster.start(launcher, nodes, work.resolve(name),
                    httpPort, kafkaPort, work.resolve("launcher-" + name + ".log"),
                    Map.of("OBSERVER_REPLICAS", String.valueOf(replicas)))) {
                ServerLoad load = new ServerLoad(String.join(",", cluster.urls()), corpus, lines, seed);
                load.gcLogs = work.resolve(name);
                load.rate = Long.parseLong(opts.getOrDefault("rate", "0"));
                load.elasticsearch = opts.containsKey("es");
                long warmupLines = ingestWarmup(opts);
                load.warmUp(warmupLines, clients, batch, waitTimeoutS);
                if (opts.containsKey("direct")) {
                    load.ingestDirect("localhost:" + kafkaPort, waitTimeoutS, result);
                } else if (!opts.containsKey("no-kafka-alone")) {
                    // partitions: the node's default (OBSERVER_INGEST_PARTITIONS)
                    result.put("kafka_alone_lines_per_s", KafkaAlone.measure("localhost:" + kafkaPort, corpus, lines, seed, 4,
                            warmupLines));
                    double kcat = KafkaAlone.measureKcat("localhost:" + kafkaPort, corpus, lines, seed, 4);
                    if (kcat > 0) {
                        result.put("kcat_alone_lines_per_s", kcat);
                    }
                }
                if (!opts.containsKey("direct")) {
                    load.ingest(clients, batch, waitTimeoutS, result);
                }
                load.queries(warmup, reps, result);
                if (nodes > 1) {
                    result.put("failover_s", load.failover(cluster));
                }
            }
            p50.putIfAbsent(nodes, ((Number) result.get("query_p50_ms")).doubleValue());
            result.remove("by_class");
            all.put(name, result);
        }
        if (p50.size() > 1 && p50.containsKey(1)) {
            int most = p50.keySet().stream().max(Integer::compare).orElseThrow();
            all.put("fanout_overhead_p50_ms", Math.round((p50.get(most) - p50.get(1)) * 100) / 100.0);
        }
        if (opts.containsKey("keep-data")) {
            System.out.println("the nodes' data, logs and GC logs are kept in " + work);
        } else {
            DurableFiles.deleteTree(work); // a quarter of a gigabyte per million lines, left in /tmp by every run before
        }
        System.out.println(Json.write(all));
    }

    /** {@code --ingest-warmup N}, by default 300,000 lines (0: time a node straight after its start). */
    private static long ingestWarmup(Map<String, String> opts) {
        long n = Long.parseLong(opts.getOrDefault("ingest-warmup", "300000").replace("_", ""));
        if (n < 0) {
            throw new IllegalArgumentException("--ingest-warmup must be at least 0");
        }
        return n;
    }

    /** {@code observer-launcher/target/observer-launcher.jar} beside this jar's module. */
    private static Path defaultLauncher() throws Exception {
        Path jar = Paths.get(ServerLoad.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        Path repository = jar.getParent() == null || jar.getParent().getParent() == null ? null : jar.getParent().getParent().getParent();
        Path launcher = repository == null ? null : repository.resolve("observer-launcher/target/observer-launcher.jar");
        if (launcher == null || !Files.isRegularFile(launcher)) {
            throw new IllegalArgumentException("no launcher beside " + jar + " (it looks in observer-launcher/target of the"
                    + " repository the bench jar was built in): pass --launcher observer-launcher/target/observer-launcher.jar"
                    + " (with lib/ and runtime/ beside it)");
        }
        return launcher;
    }

    /**
     * Kills the cluster's last node and returns the seconds until a count over the replay's indexes,
     * asked of the survivors, is complete (no partition missing) and equals what it was before.
     */
    private double failover(LaunchedCluster cluster) throws Exception {
        long expected = count();
        String killed = cluster.killLast();
        long start = System.nanoTime();
        List<String> survivors = new ArrayList<>(urls);
        survivors.remove(killed);
        ServerLoad onSurvivors = new ServerLoad(String.join(",", survivors), corpus, lines, seed);
        while (true) {
            String body = onSurvivors.get(countQuery()).body();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!body.contains("\"partial\":true") && number(TOTAL, body) == expected) {
                System.out.printf(Locale.ROOT, "failover: %s killed; every count complete and exact again after %.1f s%n",
                        killed, seconds);
                return Math.round(seconds * 10) / 10.0;
            }
            if (seconds > 300) {
                throw new IllegalStateException("no complete count 300 s after killing " + killed + ": " + excerpt(body));
            }
            Thread.sleep(250);
        }
    }

    // ---------------------------------------------------------------- ingest

    private void ingest(int clients, int batch, long waitTimeoutS, Map<String, Object> result) throws Exception {
        long before = count();
        preexisting = before;
        if (before > 0) {
            System.out.printf(Locale.ROOT, "WARNING: the server already holds %d lines in the replay's time range and"
                    + " indexes; the queries will see them too%n", before);
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Semaphore inFlight = new Semaphore(clients * 2); // at most two requests queued per client
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicLong requestNanos = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        NodeMetrics metrics = new NodeMetrics(http, urls.get(0));
        Freshness freshness = new Freshness(this::totalOnceCreated);
        // Built before the clock: the load generator's own work (generating the replay, ~4 µs a line)
        // is not what is measured, as a shipper sends lines that are already written.
        List<Bulk> bulks = bulks(lines, seed, batch, "", freshness);
        metrics.start();
        freshness.start();
        long reportEvery = Math.max(lines / 10, 1);
        long nextReport = reportEvery;
        long sent = 0;
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        for (Bulk bulk : bulks) {
            if (failure.get() != null) {
                break;
            }
            if (rate > 0) {
                // paced: this body goes out when the lines before it are due
                long due = start + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            sent += bulk.count();
            inFlight.acquire();
            if (failure.get() != null) {
                inFlight.release();
                break;
            }
            pool.execute(() -> {
                try {
                    long t = System.nanoTime();
                    acknowledged.addAndGet(postBulk(bulk.index(), bulk.body(), bulk.count(), retries));
                    if (bulk.marker() != null) {
                        freshness.acknowledged(bulk.index(), bulk.marker());
                    }
                    requestNanos.addAndGet(System.nanoTime() - t);
                    requests.incrementAndGet();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    inFlight.release();
                }
            });
            long acked = acknowledged.get();
            if (acked >= nextReport) {
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "  ingest: %,d lines acknowledged after %.1f s%n", acked, s);
                nextReport = (acked / reportEvery + 1) * reportEvery;
            }
        }
        pool.shutdown();
        if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
            throw new IllegalStateException("bulk requests still running after an hour");
        }
        long ingestNanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("ingest failed after " + acknowledged.get() + " acknowledged lines", failure.get());
        }
        long acked = acknowledged.get();
        double ingestS = ingestNanos / 1e9;
        double perS = acked / ingestS;
        System.out.printf(Locale.ROOT, "ingest: %,d lines acknowledged in %.1f s = %,.0f lines/s (%d bulk requests of"
                + " <= %d lines, %.0f lines and %.0f ms each on average, %d clients, %d retries after 503)%n", acked,
                ingestS, perS, requests.get(), batch, (double) acked / Math.max(1, requests.get()),
                requestNanos.get() / 1e6 / Math.max(1, requests.get()), clients, retries.get());
        if (acked != lines) {
            throw new IllegalStateException(acked + " lines acknowledged, " + lines + " sent");
        }

        // Searchable: poll the count until it reaches what was acknowledged.
        long target = before + acked;
        long waitStart = System.nanoTime();
        long deadline = waitStart + TimeUnit.SECONDS.toNanos(waitTimeoutS);
        long seen = -1;
        long lastPrint = waitStart;
        while (true) {
            seen = count();
            long now = System.nanoTime();
            if (seen >= target) {
                break;
            }
            if (now > deadline) {
                throw new IllegalStateException("only " + seen + " of " + target + " lines searchable after "
                        + waitTimeoutS + " s");
            }
            if (now - lastPrint > TimeUnit.SECONDS.toNanos(5)) {
                System.out.printf(Locale.ROOT, "  waiting: %,d of %,d searchable after %.1f s%n", seen, target,
                        (now - waitStart) / 1e9);
                lastPrint = now;
            }
            Thread.sleep(100);
        }
        double searchableS = (System.nanoTime() - waitStart) / 1e9;
        double searchablePerS = acked / (ingestS + searchableS);
        System.out.printf(Locale.ROOT, "searchable: all %,d lines %.1f s after the last acknowledgement (%,.0f lines/s"
                + " from the first request to searchable)%n", seen, searchableS, searchablePerS);
        freshness.stop(result, waitTimeoutS);
        metrics.stop(result);
        if (gcLogs != null) {
            GcPauses.read(gcLogs, startMillis, System.currentTimeMillis(), result);
        }
        if (rate > 0) {
            result.put("rate_lines_per_s", rate);
        }
        if (result.get("kafka_alone_lines_per_s") instanceof Double kafka) {
            System.out.printf(Locale.ROOT, "end to end (searchable) / kafka alone: %.2f%n", searchablePerS / kafka);
            result.put("searchable_vs_kafka_alone", searchablePerS / kafka);
        }
        if (result.get("kcat_alone_lines_per_s") instanceof Double kcat) {
            System.out.printf(Locale.ROOT, "end to end (searchable) / kcat alone: %.2f%n", searchablePerS / kcat);
            result.put("searchable_vs_kcat_alone", searchablePerS / kcat);
        }
        if (seen != target) {
            throw new IllegalStateException("the server counts " + seen + " lines, " + target + " expected");
        }
        if (before > 0) {
            result.put("lines_in_indexes", target);
        }
        result.put("ingest_lines_per_s", perS);
        result.put("searchable_after_s", searchableS);
        result.put("searchable_lines_per_s", searchablePerS);
    }

    /** One request: up to {@code batch} lines of one index, with a freshness marker in its last line or none. */
    private record Bulk(String index, byte[] body, int count, String marker) {
    }

    /**
     * The replay of {@code count} lines as request bodies, one day per replay batch, grouped by index
     * (about {@code batch} lines per index per request); indexes named {@code indexPrefix + name}.
     * Every {@link #MARK_EVERY}th body carries a freshness marker when {@code freshness} is given.
     */
    private List<Bulk> bulks(long count, long replaySeed, int batch, String indexPrefix, Freshness freshness) {
        Replayer replayer = new Replayer(corpus, count, replaySeed);
        List<Doc> docs = new ArrayList<>();
        List<Bulk> bulks = new ArrayList<>();
        while (replayer.next(docs, batch * corpus.files.size())) {
            Map<String, List<Doc>> byIndex = new LinkedHashMap<>();
            for (Doc doc : docs) {
                byIndex.computeIfAbsent(doc.index(), k -> new ArrayList<>()).add(doc);
            }
            for (Map.Entry<String, List<Doc>> e : byIndex.entrySet()) {
                List<Doc> group = e.getValue();
                for (int from = 0; from < group.size(); from += batch) {
                    List<Doc> part = group.subList(from, Math.min(group.size(), from + batch));
                    String marker = freshness != null && bulks.size() % MARK_EVERY == MARK_EVERY - 1 ? freshness.nextMarker() : null;
                    bulks.add(new Bulk(indexPrefix + e.getKey(), ndjson(part, marker, elasticsearch), part.size(), marker));
                }
            }
        }
        return bulks;
    }

    /**
     * {@code --ingest-warmup N}: posts {@code N} replayed lines into indexes named {@code warmup-…}
     * (outside the replay's, so no count or query sees them) and waits until they are searchable, so
     * that the timed ingest meets a node whose JIT has compiled the path, as a node that has run for a
     * while has: on a fresh node the compiler threads took a third of its CPU during a 1M-line run.
     */
    private void warmUp(long count, int clients, int batch, long waitTimeoutS) throws Exception {
        if (count <= 0) {
            return;
        }
        long start = System.nanoTime();
        List<Bulk> bulks = bulks(count, seed + 1, batch, WARMUP_PREFIX, null);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<java.util.concurrent.Future<Long>> posted = new ArrayList<>();
        AtomicLong retries = new AtomicLong();
        for (Bulk bulk : bulks) {
            posted.add(pool.submit(() -> postBulk(bulk.index(), bulk.body(), bulk.count(), retries)));
        }
        long acknowledged = 0;
        for (java.util.concurrent.Future<Long> f : posted) {
            acknowledged += f.get();
        }
        pool.shutdown();
        String query = "index=" + enc(WARMUP_PREFIX + "*") + "&from=" + enc(iso(Replayer.START))
                + "&to=" + enc(iso(Replayer.dayStart(Replayer.DAYS))) + "&size=0";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitTimeoutS);
        long seen;
        while ((seen = number(TOTAL, get(query).body())) < acknowledged) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("warm-up: only " + seen + " of " + acknowledged + " lines searchable after "
                        + waitTimeoutS + " s");
            }
            Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "warm-up: %,d lines into %s* indexes, searchable after %.1f s (not timed)%n",
                acknowledged, WARMUP_PREFIX, (System.nanoTime() - start) / 1e9);
    }

    /**
     * {@code --direct}: the processors alone. The replayed lines go straight into
     * {@code observer.ingest} from a plain Kafka producer (JSON records keyed by index, no headers:
     * what any producer may write there), then the count is polled until all are searchable.
     */
    private void ingestDirect(String bootstrap, long waitTimeoutS, Map<String, Object> result) throws Exception {
        NodeMetrics metrics = new NodeMetrics(http, urls.get(0));
        metrics.start();
        long start = System.nanoTime();
        double producedPerS = KafkaAlone.produce(bootstrap, "observer.ingest", corpus, lines, seed);
        System.out.printf(Locale.ROOT, "direct: %,d plain JSON records written into observer.ingest at %,.0f lines/s%n",
                lines, producedPerS);
        long deadline = start + TimeUnit.SECONDS.toNanos(waitTimeoutS);
        long seen;
        while ((seen = count()) < lines) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen + " of " + lines + " lines searchable after " + waitTimeoutS + " s");
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "direct: all %,d lines searchable %.1f s after the first record = %,.0f lines/s"
                + " (the processors alone, but for the producer's own start)%n", seen, seconds, lines / seconds);
        if (seen != lines) {
            throw new IllegalStateException("the server counts " + seen + " lines, " + lines + " expected");
        }
        metrics.stop(result);
        result.put("direct_produced_lines_per_s", producedPerS);
        result.put("direct_searchable_lines_per_s", lines / seconds);
    }

    /**
     * The documents as NDJSON, each after a {@code create} action line for the Elasticsearch API;
     * with a marker, the last one carries it ({@link Freshness}).
     */
    private static byte[] ndjson(List<Doc> docs, String marker, boolean actions) {
        int size = 0;
        for (Doc d : docs) {
            size += d.json().length + 1 + (actions ? CREATE.length : 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 64);
        for (int i = 0; i < docs.size(); i++) {
            if (actions) {
                out.writeBytes(CREATE);
            }
            byte[] json = docs.get(i).json();
            out.writeBytes(marker != null && i == docs.size() - 1 ? Freshness.mark(json, marker) : json);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Posts one bulk request; the number of lines the server accepted (all of them, or it throws). */
    private long postBulk(String index, byte[] body, int count, AtomicLong retries) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + (elasticsearch ? "/" : "/api/logs/") + enc(index) + "/_bulk"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 503 && attempt < MAX_503_RETRIES) {
                retries.incrementAndGet();
                long waitS = response.headers().firstValue("Retry-After").map(ServerLoad::retryAfterSeconds).orElse(1L);
                System.out.printf(Locale.ROOT, "  503 on %s (%d lines), retrying in %d s: %s%n", index, count, waitS,
                        excerpt(response.body()));
                Thread.sleep(TimeUnit.SECONDS.toMillis(waitS));
                continue;
            }
            if (elasticsearch && status == 200 && response.body().startsWith("{\"took\":")
                    && response.body().contains("\"errors\":false")) {
                return count;
            }
            long accepted = elasticsearch ? -1 : number(ACCEPTED, response.body());
            if (status == 202 && accepted == count) {
                return accepted;
            }
            // 207 (some lines rejected), 400, anything else: the generated lines are all valid, so an error.
            throw new IllegalStateException("POST _bulk to " + index + " (" + count + " lines): HTTP " + status
                    + ", accepted " + accepted + ": " + excerpt(response.body()));
        }
    }

    private static long retryAfterSeconds(String value) {
        try {
            return Math.max(1, Math.min(60, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return 1; // an HTTP date: not worth parsing here
        }
    }

    /** Lines the server holds in the replay's indexes over its 7 days ({@code size=0}). */
    private long count() throws Exception {
        return number(TOTAL, get(countQuery()).body());
    }

    private String countQuery() {
        StringBuilder prefixes = new StringBuilder();
        for (Corpus.LogFile file : corpus.files) {
            prefixes.append(prefixes.length() == 0 ? "" : ",").append(file.indexName()).append("-*");
        }
        return "index=" + enc(prefixes.toString()) + "&from=" + enc(iso(Replayer.START))
                + "&to=" + enc(iso(Replayer.dayStart(Replayer.DAYS))) + "&size=0";
    }

    // ---------------------------------------------------------------- queries

    private void queries(int warmup, int reps, Map<String, Object> result) throws Exception {
        List<QuerySet.BenchQuery> queries = QuerySet.derive(corpus, seed);
        String allIndexes = String.join(",", indexNames);
        List<String> urls = new ArrayList<>();
        for (QuerySet.BenchQuery q : queries) {
            StringBuilder sb = new StringBuilder("index=").append(enc(allIndexes));
            if (!q.text().isEmpty()) {
                sb.append("&q=").append(enc(q.text()));
            }
            sb.append("&size=").append(HITS);
            if (q.day() >= 0) {
                sb.append("&from=").append(enc(iso(q.from()))).append("&to=").append(enc(iso(q.to())));
            }
            if (q.aggregates()) {
                sb.append("&histogram=1h&terms=source");
            }
            urls.add(sb.toString());
        }
        System.out.printf(Locale.ROOT, "queries: %d (%d per class), 1 first run, %d untimed warm-up runs, %d timed runs,"
                + " one at a time%n", queries.size(), QuerySet.PER_CLASS, warmup, reps);

        Stats first = new Stats();
        Stats warm = new Stats();
        List<Double> serverTook = new ArrayList<>();
        long[] totals = new long[queries.size()];
        Map<String, List<Long>> totalsByClass = new LinkedHashMap<>();
        int inconsistent = 0;
        for (int run = 0; run <= warmup + reps; run++) {
            boolean timed = run > warmup;
            long runStart = System.nanoTime();
            for (int i = 0; i < queries.size(); i++) {
                QuerySet.BenchQuery q = queries.get(i);
                long t = System.nanoTime();
                HttpResponse<String> response = get(urls.get(i));
                long nanos = System.nanoTime() - t;
                long total = number(TOTAL, response.body());
                if (run == 0) {
                    first.add(q.cls(), nanos);
                    totals[i] = total;
                    totalsByClass.computeIfAbsent(q.cls(), c -> new ArrayList<>()).add(total);
                    checkTotal(q, total);
                } else {
                    if (timed) {
                        warm.add(q.cls(), nanos);
                        serverTook.add((double) number(TOOK, response.body()));
                    }
                    if (total != totals[i] && inconsistent++ < 5) {
                        System.out.printf(Locale.ROOT, "WARNING: %s: total %d, first run %d%n", q, total, totals[i]);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "  run %d (%s): %.2f s%n", run, run == 0 ? "first" : timed ? "timed" : "warm-up",
                    (System.nanoTime() - runStart) / 1e9);
        }

        Map<String, Object> warmByClass = warm.byClass();
        Map<String, Object> firstByClass = first.byClass();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-11s %4s %12s %10s %10s %10s %14s%n", "class", "n", "avg total", "p50 ms",
                "p99 ms", "max ms", "first p99 ms");
        for (Map.Entry<String, Object> e : warmByClass.entrySet()) {
            Map<?, ?> s = (Map<?, ?>) e.getValue();
            Map<?, ?> f = (Map<?, ?>) firstByClass.get(e.getKey());
            double avgTotal = totalsByClass.get(e.getKey()).stream().mapToLong(Long::longValue).average().orElse(0);
            System.out.printf(Locale.ROOT, "%-11s %4d %12.0f %10.1f %10.1f %10.1f %14.1f%n", e.getKey(), s.get("n"),
                    avgTotal, s.get("p50_ms"), s.get("p99_ms"), s.get("max_ms"), f.get("p99_ms"));
        }
        System.out.printf(Locale.ROOT, "%-11s %4d %12s %10.1f %10.1f %10s %14.1f%n", "all", queries.size() * reps, "",
                warm.p50(), warm.p99(), "", first.p99());
        System.out.printf(Locale.ROOT, "server-side took_ms (warm): p50 %.0f, p99 %.0f%n%n",
                Stats.percentile(serverTook, 50), Stats.percentile(serverTook, 99));

        result.put("query_p50_ms", warm.p50());
        result.put("query_p99_ms", warm.p99());
        result.put("first_query_p99_ms", first.p99());
        result.put("server_took_p99_ms", Stats.percentile(serverTook, 99));
        result.put("queries", queries.size());
        result.put("warmup", warmup);
        result.put("reps", reps);
        result.put("by_class", warmByClass);
    }

    /** What can be known without an index of our own: an all-lines day, a needle present. */
    private void checkTotal(QuerySet.BenchQuery q, long total) {
        if (preexisting == 0 && q.aggregates() && q.text().isEmpty() && total != linesPerDay[q.day()]) {
            throw new IllegalStateException(q + ": total " + total + ", but the replay put " + linesPerDay[q.day()]
                    + " lines on that day");
        }
        if (q.cls().equals("field") && total == 0) {
            throw new IllegalStateException(q + ": no hits for a source that was replayed");
        }
    }

    /** The total of a search, 0 while its index does not exist yet (404: nothing of it is searchable). */
    private long totalOnceCreated(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/api/search?" + query))
                .timeout(Duration.ofMinutes(2))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/search?" + query + ": HTTP " + response.statusCode() + ": "
                    + excerpt(response.body()));
        }
        return number(TOTAL, response.body());
    }

    private HttpResponse<String> get(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/api/search?" + query))
                .timeout(Duration.ofMinutes(2))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/search?" + query + ": HTTP " + response.statusCode() + ": "
                    + excerpt(response.body()));
        }
        return response;
    }

    // ---------------------------------------------------------------- helpers

    private static long number(Pattern field, String json) {
        Matcher m = field.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field.pattern() + " in " + excerpt(json));
        }
        return Long.parseLong(m.group(1));
    }

    private static String iso(long millis) {
        StringBuilder sb = new StringBuilder(24);
        Json.appendIsoMillis(sb, millis);
        return sb.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String excerpt(String body) {
        return body.length() <= 600 ? body : body.substring(0, 600) + "… (" + body.length() + " chars)";
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--skip-ingest") || arg.equals("--no-kafka-alone") || arg.equals("--direct") || arg.equals("--keep-data") || arg.equals("--es")) {
                opts.put(arg.substring(2), "true");
            } else if (VALUE_OPTIONS.contains(arg) && i + 1 < args.length) {
                opts.put(arg.substring(2), args[++i]);
            } else {
                System.err.println("usage: java -cp observer-bench.jar org.observer.bench.ServerLoad [--url URL]"
                        + " [--corpus DIR] [--lines N] [--seed S] [--warmup W] [--reps R] [--clients C] [--batch B] [--rate L] [--ingest-warmup N]"
                        + " [--wait-timeout SECONDS] [--skip-ingest] [--kafka-bootstrap HOST:PORT] | --nodes 1,3 [--replicas 1,0]"
                        + " [--launcher JAR] [--http-port P] [--kafka-port K] [--no-kafka-alone | --direct] [--keep-data] [--es] ...");
                System.exit(2);
            }
        }
        return opts;
    }

}
