package org.observer.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.observer.launcher.EmbeddedKafka;
import org.observer.launcher.PayaraMicro;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kills real processes and damages real files, then counts: every log that got a 2xx is
 * searchable exactly once, a log that got no answer at most once, and nothing wrong is ever
 * answered. Each test runs its own Payara Micro JVM (and, for the broker test, its own broker).
 */
class FaultInjectionIT {

    private static final Path IT_DIR = Path.of(System.getProperty("observer.it.dir"));
    private static final Duration READY = Duration.ofSeconds(240);

    /** Logs numbered 0..n-1, each {"message": a loghub line, "source": "hdfs", "line": "L<n>"}. */
    private static final class Logs {
        final List<String> corpus;
        final Set<Integer> acknowledged = new HashSet<>();
        final Set<Integer> unanswered = new HashSet<>();

        Logs() throws IOException {
            corpus = Loghub.lines("HDFS", 2000);
        }

        String ndjson(int from, int to) {
            StringBuilder out = new StringBuilder((to - from) * 200);
            for (int i = from; i < to; i++) {
                out.append("{\"message\":").append(Loghub.quote(corpus.get(i % corpus.size())))
                        .append(",\"source\":\"hdfs\",\"line\":\"L").append(i).append("\"}\n");
            }
            return out.toString();
        }

        /** Records the per-line answers of a bulk request over lines from..to-1. */
        void answered(int from, int to, Http.Answer answer) {
            if (answer.status() == 202) {
                for (int i = from; i < to; i++) {
                    acknowledged.add(i);
                }
                return;
            }
            if (answer.status() == 207) {
                JsonArray items = answer.json().getJsonArray("items");
                for (JsonObject item : items.getValuesAs(JsonObject.class)) {
                    int line = from + item.getInt("line") - 1;
                    if (item.getInt("status") == 202) {
                        acknowledged.add(line);
                    } else {
                        unanswered.add(line); // refused lines may still have reached Kafka
                    }
                }
                return;
            }
            for (int i = from; i < to; i++) {
                unanswered.add(i);
            }
        }
    }

    /** The one store of an index that lives on one partition: {@code indexes/<name>/<partition>/}. */
    private static Path storeDir(Path indexes, String index) throws IOException {
        try (Stream<Path> partitions = Files.list(indexes.resolve(index))) {
            return partitions.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void nodeKilledThreeTimesDuringBulkIngestLosesAndDuplicatesNothing() throws Exception {
        Path data = Files.createDirectories(IT_DIR.resolve("crash-data-" + System.nanoTime()));
        String index = "crash-" + System.nanoTime();
        int total = 200_000;
        int batch = 2_000;
        Logs logs = new Logs();
        int port = freePort();
        int next = 0;
        Random random = new Random(42);
        for (int round = 0; round < 4; round++) {
            try (PayaraMicro node = start(port, data, TestKafka.bootstrap(), "crash-" + round + ".log", Map.of())) {
                long started = System.nanoTime();
                assertTrue(node.awaitReady(READY), "round " + round + ": node did not become ready");
                System.out.printf("[fault] round %d: ready in %.1f s%n", round, (System.nanoTime() - started) / 1e9);
                Http http = new Http(node.baseUrl());
                if (round < 3) {
                    long delay = 300 + random.nextInt(2500);
                    Thread killer = new Thread(() -> {
                        sleep(delay);
                        node.kill();
                    });
                    killer.start();
                    while (next < total && node.isAlive()) {
                        int to = Math.min(total, next + batch);
                        try {
                            logs.answered(next, to, http.post("/api/logs/" + index + "/_bulk", logs.ndjson(next, to)));
                        } catch (IOException killed) {
                            logs.answered(next, to, new Http.Answer(0, "", null));
                        }
                        next = to;
                    }
                    killer.join();
                    System.out.printf("[fault] round %d: killed after %d ms, %d lines sent%n", round, delay, next);
                } else {
                    while (next < total) {
                        int to = Math.min(total, next + batch);
                        logs.answered(next, to, http.post("/api/logs/" + index + "/_bulk", logs.ndjson(next, to)));
                        next = to;
                    }
                    // One more log, waited for: its partition is then indexed up to it, so every earlier one is too.
                    Http.Answer last = http.post("/api/logs/" + index + "?refresh=wait_for",
                            "{\"message\":\"last\",\"line\":\"L" + total + "\"}");
                    assertEquals(202, last.status(), last.body());
                    logs.acknowledged.add(total);
                    Map<String, Integer> found = idsIn(http, index, "");
                    assertExactlyOnce(logs, found);
                    System.out.printf("[fault] node crash: %d acknowledged, %d unanswered (%d of them stored), %d stored%n",
                            logs.acknowledged.size(), logs.unanswered.size(),
                            logs.unanswered.stream().filter(i -> found.containsKey("L" + i)).count(), found.size());
                }
            }
        }
        assertTrue(logs.acknowledged.size() > total / 2, "most logs are acknowledged: " + logs.acknowledged.size());
    }

    @Test
    void killedBrokerIsAnswered503QuicklyAndNothingAcknowledgedIsLost() throws Exception {
        Path data = Files.createDirectories(IT_DIR.resolve("broker-data-" + System.nanoTime()));
        Path kafkaDir = IT_DIR.resolve("broker-kafka-" + System.nanoTime());
        Path launcher = Path.of(System.getProperty("observer.launcher.home"));
        int kafkaPort = freePortPair();
        EmbeddedKafka kafka = new EmbeddedKafka(kafkaDir, kafkaPort, launcher.resolve("runtime"), launcher.resolve("lib"))
                .start(Duration.ofSeconds(120));
        String index = "broker-" + System.nanoTime();
        Logs logs = new Logs();
        int port = freePort();
        try (PayaraMicro node = start(port, data, kafka.bootstrap(), "broker.log", Map.of())) {
            assertTrue(node.awaitReady(READY), "node did not become ready");
            Http http = new Http(node.baseUrl());
            int next = 0;
            for (; next < 20_000; next += 1000) {
                Http.Answer answer = http.post("/api/logs/" + index + "/_bulk", logs.ndjson(next, next + 1000));
                assertEquals(202, answer.status(), answer.body());
                logs.answered(next, next + 1000, answer);
            }

            kafka.kill();
            int refused = 0;
            long downUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < downUntil) {
                long start = System.nanoTime();
                Http.Answer answer = http.post("/api/logs/" + index + "/_bulk", logs.ndjson(next, next + 100));
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(seconds <= 5.0, "answered after " + seconds + " s while the broker is down");
                assertTrue(answer.status() == 503 || answer.status() == 202 || answer.status() == 207,
                        "status " + answer.status() + ": " + answer.body());
                if (answer.status() == 503) {
                    assertNotNull(answer.header("Retry-After"), "503 without Retry-After");
                    assertTrue(answer.body().contains("Kafka"), answer.body());
                    refused++;
                }
                logs.answered(next, next + 100, answer);
                next += 100;
                Http.Answer single = http.post("/api/logs/" + index, "{\"message\":\"single\",\"line\":\"L" + next + "\"}");
                assertTrue(single.status() == 503 || single.status() == 202, single.status() + " " + single.body());
                logs.answered(next, next + 1, single.status() == 202 ? new Http.Answer(202, "", null) : single);
                next++;
            }
            assertTrue(refused > 0, "no request was refused while the broker was down");
            assertEquals(503, http.get("/health/ready").status(), "ready while the broker is down");

            kafka = new EmbeddedKafka(kafkaDir, kafkaPort, launcher.resolve("runtime"), launcher.resolve("lib"))
                    .start(Duration.ofSeconds(120));
            long acceptedAgain = -1;
            long restarted = System.nanoTime();
            while (System.nanoTime() - restarted < Duration.ofSeconds(120).toNanos()) {
                Http.Answer answer = http.post("/api/logs/" + index + "/_bulk", logs.ndjson(next, next + 100));
                logs.answered(next, next + 100, answer);
                next += 100;
                if (answer.status() == 202) {
                    acceptedAgain = (System.nanoTime() - restarted) / 1_000_000;
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(acceptedAgain >= 0, "ingest was not accepted again after the broker restarted");
            Http.Answer last = http.post("/api/logs/" + index + "?refresh=wait_for", "{\"message\":\"last\",\"line\":\"L" + next + "\"}");
            assertEquals(202, last.status(), last.body());
            logs.acknowledged.add(next);
            Map<String, Integer> found = idsIn(http, index, "");
            assertExactlyOnce(logs, found);
            System.out.printf("[fault] broker crash: %d refused with 503 while down, accepted again %d ms after restart,"
                    + " %d acknowledged, %d stored%n", refused, acceptedAgain, logs.acknowledged.size(), found.size());
        } finally {
            kafka.close();
        }
    }

    @Test
    void damagedFilesAreDetectedReportedAndRebuiltWithoutAWrongHit() throws Exception {
        Path data = Files.createDirectories(IT_DIR.resolve("damage-data-" + System.nanoTime()));
        String run = String.valueOf(System.nanoTime());
        List<String> names = List.of("flip-" + run, "cut-" + run, "nodict-" + run);
        Logs logs = new Logs();
        int port = freePort();
        try (PayaraMicro node = start(port, data, TestKafka.bootstrap(), "damage.log", Map.of())) {
            assertTrue(node.awaitReady(READY), "node did not become ready");
            Http http = new Http(node.baseUrl());
            Map<String, String> before = new HashMap<>();
            for (String index : names) {
                assertEquals(202, http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", logs.ndjson(0, 2000)).status());
                assertEquals(200, http.post("/api/indexes/" + index + "/_close", "").status()); // sealed into chunk 1
                assertEquals(202, http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", logs.ndjson(2000, 3000)).status());
                assertEquals(200, http.post("/api/indexes/" + index + "/_close", "").status()); // chunk 2
                before.put(index, answers(http, index));
                // Closed again, so the damage below is met when the files are next loaded (never under a live mapping).
                assertEquals(200, http.post("/api/indexes/" + index + "/_close", "").status());
            }
            Path indexes = data.resolve("indexes");
            flipByte(storeDir(indexes, names.get(0)).resolve("chunk-00001.dat.zst"));
            truncate(storeDir(indexes, names.get(1)).resolve("chunk-00002.post"));
            Files.delete(storeDir(indexes, names.get(2)).resolve("chunk-00001.dict"));

            for (String index : names) {
                boolean refused = false;
                String reported = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (true) {
                    String answer = answers(http, index);
                    if (answer == null) {
                        refused = true; // 503 while it is rebuilt: never a wrong hit
                        JsonObject info = http.get("/api/indexes/" + index).json();
                        if (reported == null && "DEGRADED".equals(info.getString("state"))) {
                            reported = info.getString("problem");
                        }
                    } else {
                        assertEquals(before.get(index), answer, index + " answered differently");
                        break;
                    }
                    assertTrue(System.nanoTime() < deadline, index + " was not rebuilt in time");
                    Thread.sleep(250);
                }
                assertTrue(refused, index + ": the damage was not detected");
                assertNotNull(reported, index + " was never reported DEGRADED in /api/indexes");
                assertTrue(reported.contains("chunk-0000"), index + ": the problem names no file: " + reported);
                List<String> actions = oplogActions(http, index);
                assertTrue(actions.contains("degraded") && actions.contains("rebuilt"), index + " oplog: " + actions);
                JsonObject info = http.get("/api/indexes/" + index).json();
                assertFalse("DEGRADED".equals(info.getString("state")), info.toString());
                assertEquals(3000, info.getJsonNumber("documents").longValue());
            }
            try (Stream<Path> aside = Files.list(data.resolve("quarantine"))) {
                assertEquals(3, aside.filter(p -> !p.getFileName().toString().startsWith("staging-")).count(),
                        "the damaged files are kept aside");
            }
            assertEquals(200, http.get("/health/live").status());
            Thread.sleep(1000); // let the archive take the last entries
            node.kill();

            // A whole index directory lost while the node was down: the oplog still names the index.
            String lost = names.get(0);
            try (Stream<Path> files = Files.walk(indexes.resolve(lost))) {
                for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
            try (PayaraMicro again = start(port, data, TestKafka.bootstrap(), "damage-2.log", Map.of())) {
                assertTrue(again.awaitReady(READY), "restart did not become ready");
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                String answer;
                while ((answer = answersIfPresent(http, lost)) == null || !answer.equals(before.get(lost))) {
                    assertTrue(answer == null || answer.isEmpty(), lost + " answered differently: " + answer);
                    assertTrue(System.nanoTime() < deadline, lost + " was not rebuilt after the restart");
                    Thread.sleep(250);
                }
                List<String> actions = oplogActions(http, lost);
                for (int i = 0; i < 60 && actions.stream().filter("rebuilt"::equals).count() < 2; i++) {
                    Thread.sleep(500); // the archive trails the topic a little
                    actions = oplogActions(http, lost);
                }
                assertEquals(2, actions.stream().filter("rebuilt"::equals).count(), actions.toString());
                assertEquals(2, actions.stream().filter("degraded"::equals).count(), actions.toString());
            }
        }
    }

    /** As {@link #answers}, or "" while the index does not exist yet (404). */
    private static String answersIfPresent(Http http, String index) throws Exception {
        if (http.get("/api/indexes/" + index).status() == 404) {
            return "";
        }
        return answers(http, index);
    }

    @Test
    void fullDiskIsAnswered507AndIngestResumesWhenSpaceIsFreed() throws Exception {
        Path mount = Files.createDirectories(IT_DIR.resolve("small-disk-" + System.nanoTime()));
        run("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", mount.toString());
        try {
            Path data = Files.createDirectories(mount.resolve("data"));
            Path ballast = mount.resolve("ballast");
            fill(ballast, 48L << 20);
            String index = "full-" + System.nanoTime();
            Logs logs = new Logs();
            int port = freePort();
            // A broker of its own: a new node replays every partition it gets from the start, and the
            // shared broker holds the other tests' logs, which would fill this small disk first.
            Path launcher = Path.of(System.getProperty("observer.launcher.home"));
            EmbeddedKafka kafka = new EmbeddedKafka(IT_DIR.resolve("disk-kafka-" + System.nanoTime()), freePortPair(),
                    launcher.resolve("runtime"), launcher.resolve("lib")).start(Duration.ofSeconds(120));
            // Payara's ~270 MB root directory would not fit on the small disk: it goes beside it
            Path payaraRoot = IT_DIR.resolve("disk-payara-" + System.nanoTime());
            try (kafka; PayaraMicro node = start(port, data, payaraRoot, kafka.bootstrap(), "disk.log",
                    Map.of("OBSERVER_DISK_MIN_FREE_MB", "24"))) {
                assertTrue(node.awaitReady(READY), "node did not become ready");
                Http http = new Http(node.baseUrl());
                int next = 0;
                Http.Answer full = null;
                while (next < 400_000) {
                    Http.Answer answer = http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", logs.ndjson(next, next + 1000));
                    logs.answered(next, next + 1000, answer);
                    next += 1000;
                    if (answer.status() == 507) {
                        full = answer;
                        break;
                    }
                    assertEquals(202, answer.status(), answer.body());
                }
                assertNotNull(full, "the disk never filled");
                assertTrue(full.body().contains("free"), full.body());
                Http.Answer single = http.post("/api/logs/" + index, "{\"message\":\"refused\"}");
                assertEquals(507, single.status(), single.body());
                assertEquals(200, http.get("/api/search?index=" + index + "&q=").status(), "search still works");

                Files.delete(ballast);
                Http.Answer resumed = http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", logs.ndjson(next, next + 1000));
                assertEquals(202, resumed.status(), resumed.body());
                logs.answered(next, next + 1000, resumed);
                Map<String, Integer> found = idsIn(http, index, "");
                assertExactlyOnce(logs, found);
                System.out.printf("[fault] disk full: 507 after %d lines, %d stored after freeing space%n",
                        logs.acknowledged.size() - 1000, found.size());
            }
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void nodeHoldingTenMillionLinesIsReadySoonAfterKill9() throws Exception {
        long lines = Long.getLong("observer.it.restart.lines", 10_000_000L);
        Path data = Files.createDirectories(IT_DIR.resolve("restart10m-data-" + System.nanoTime()));
        long generated = System.nanoTime();
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", System.getProperty("observer.bench.jar"), "org.observer.bench.NodeData",
                "--corpus", System.getProperty("observer.loghub"), "--lines", String.valueOf(lines), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(IT_DIR.resolve("restart10m-data.log").toFile()).start();
        assertEquals(0, writer.waitFor(), "writing the node's data failed: see restart10m-data.log");
        System.out.printf("[fault] restart: %d lines written into the node's data in %.1f s%n", lines,
                (System.nanoTime() - generated) / 1e9);
        int port = freePort();
        String names;
        try (PayaraMicro node = start(port, data, TestKafka.bootstrap(), "restart10m-1.log", Map.of())) {
            assertTrue(node.awaitReady(READY), "node did not become ready");
            Http http = new Http(node.baseUrl());
            List<String> all = new ArrayList<>();
            for (JsonObject info : http.get("/api/indexes").json().getJsonArray("indexes").getValuesAs(JsonObject.class)) {
                all.add(info.getString("name"));
            }
            assertEquals(70, all.size(), all.toString());
            names = String.join(",", all);
            assertEquals(lines, total(http, names));
            assertEquals(202, http.post("/api/logs/restart-live?refresh=wait_for", "{\"message\":\"before the kill\"}").status());
            node.kill();
        }
        long killed = System.nanoTime();
        try (PayaraMicro node = start(port, data, TestKafka.bootstrap(), "restart10m-2.log", Map.of())) {
            assertTrue(node.awaitReady(READY), "restart did not become ready");
            double seconds = (System.nanoTime() - killed) / 1e9;
            Http http = new Http(node.baseUrl());
            long queried = System.nanoTime();
            assertEquals(lines, total(http, names));
            double firstQuery = (System.nanoTime() - queried) / 1e9;
            assertEquals(1, total(http, "restart-live"));
            System.out.printf("[fault] restart: ready %.1f s after kill -9 holding %d lines in 70 indexes;"
                    + " the first count over all of them (each loaded lazily) took %.2f s%n", seconds, lines, firstQuery);
        }
    }

    private static long total(Http http, String index) throws Exception {
        Http.Answer answer = http.get("/api/search?index=" + index + "&size=0&q=");
        assertEquals(200, answer.status(), answer.body());
        return answer.json().getJsonNumber("total").longValue();
    }

    // ---- helpers

    private static void assertExactlyOnce(Logs logs, Map<String, Integer> found) {
        List<String> problems = new ArrayList<>();
        for (int i : logs.acknowledged) {
            Integer count = found.get("L" + i);
            if (count == null || count != 1) {
                problems.add("L" + i + " acknowledged, found " + (count == null ? 0 : count) + " times");
            }
        }
        for (Map.Entry<String, Integer> e : found.entrySet()) {
            if (e.getValue() > 1) {
                problems.add(e.getKey() + " found " + e.getValue() + " times");
            }
            int line = Integer.parseInt(e.getKey().substring(1));
            if (!logs.acknowledged.contains(line) && !logs.unanswered.contains(line)) {
                problems.add(e.getKey() + " was never sent");
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems, first: " + problems.subList(0, Math.min(10, problems.size())));
        }
    }

    /** How many times each line id is stored in the index, read through every page of a search. */
    private static Map<String, Integer> idsIn(Http http, String index, String q) throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        String next = null;
        do {
            Http.Answer answer = http.get("/api/search?index=" + index + "&size=10000&q=" + Http.enc(q)
                    + (next == null ? "" : "&search_after=" + Http.enc(next)));
            assertEquals(200, answer.status(), answer.body());
            JsonObject page = answer.json();
            for (JsonObject hit : page.getJsonArray("hits").getValuesAs(JsonObject.class)) {
                ids.merge(hit.getJsonObject("source").getString("line"), 1, Integer::sum);
            }
            next = page.isNull("next") ? null : page.getString("next");
        } while (next != null);
        return ids;
    }

    /** Totals and newest hits of a few queries, or null if the index answered 503. */
    private static String answers(Http http, String index) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String q : new String[]{"", "blockmap", "packetresponder AND terminating", "\"received block\"", "L12*"}) {
            Http.Answer answer = http.get("/api/search?index=" + index + "&size=20&q=" + Http.enc(q));
            if (answer.status() == 503) {
                assertNotNull(answer.header("Retry-After"));
                return null;
            }
            assertEquals(200, answer.status(), answer.body());
            JsonObject json = answer.json();
            out.append(q).append(": ").append(json.getJsonNumber("total")).append(' ');
            for (JsonObject hit : json.getJsonArray("hits").getValuesAs(JsonObject.class)) {
                out.append(hit.getJsonObject("source").getString("line")).append(',');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<String> oplogActions(Http http, String index) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> actions = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Http.Answer answer = http.get("/api/oplog?index=" + index);
            assertEquals(200, answer.status(), answer.body());
            actions.clear();
            for (JsonObject entry : answer.json().getJsonArray("entries").getValuesAs(JsonObject.class)) {
                actions.add(entry.getString("action"));
            }
            if (actions.contains("rebuilt")) {
                break;
            }
            Thread.sleep(250); // the archive trails the topic a little
        }
        return actions;
    }

    private static void flipByte(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " is missing");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = raf.length() / 2;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x10);
        }
    }

    private static void truncate(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " is missing");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        ThreadLocalRandom.current().nextBytes(block);
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (this test needs root to mount a"
                    + " small tmpfs): " + output);
        }
    }

    private static PayaraMicro start(int port, Path data, String bootstrap, String logName, Map<String, String> env)
            throws IOException {
        return start(port, data, PayaraMicro.rootDirIn(data), bootstrap, logName, env);
    }

    /** @param payaraRoot Payara Micro's root directory (in the data directory but when that is too small for it) */
    private static PayaraMicro start(int port, Path data, Path payaraRoot, String bootstrap, String logName,
                                     Map<String, String> env) throws IOException {
        Path micro = Path.of(System.getProperty("payara.microJar"));
        Path war = Path.of(System.getProperty("observer.war"));
        Map<String, String> all = new HashMap<>(env);
        all.put("OBSERVER_KAFKA_BOOTSTRAP", bootstrap);
        all.put("OBSERVER_DATA_DIR", data.toString());
        return new PayaraMicro(micro, war, payaraRoot, port, all, List.of("-Xmx1g")).start(IT_DIR.resolve(logName));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose successor is free too (the broker's controller takes port + 1). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two adjacent free ports");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
