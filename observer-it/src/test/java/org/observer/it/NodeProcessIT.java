package org.observer.it;

import org.junit.jupiter.api.Test;
import org.observer.launcher.PayaraMicro;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node as a user runs it: Payara Micro with the WAR in its own JVM, killed and restarted, or
 * pointed at a Kafka that does not answer.
 */
class NodeProcessIT {

    private static final Path IT_DIR = Path.of(System.getProperty("observer.it.dir"));

    @Test
    void killedNodeRestartsWithEveryAcknowledgedLog() throws Exception {
        Path data = Files.createDirectories(IT_DIR.resolve("restart-data-" + System.nanoTime()));
        String index = "restart-" + System.nanoTime();
        List<String> lines = Loghub.lines("HDFS", 500);
        int port = freePort();
        try (PayaraMicro node = start(port, data, TestKafka.bootstrap(), "restart-1.log")) {
            assertTrue(node.awaitReady(Duration.ofSeconds(240)), "first start did not become ready");
            assertRunsFromItsDataDirectory(node, data);
            Http http = new Http(node.baseUrl());
            Http.Answer bulk = http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", Loghub.ndjson("HDFS", lines));
            assertEquals(202, bulk.status(), bulk.body());
            assertEquals(500, total(http, index, ""));
            node.kill(); // like kill -9: no shutdown hooks, no sealing
            assertTrue(Files.isDirectory(PayaraMicro.rootDirIn(data).resolve("runtime")),
                    "the killed node's Payara runtime stays in its data directory, for its next start to reuse");
        }
        // The restarted node has a short TTL, so its lifecycle timer closes the index in this test.
        try (PayaraMicro node = start(port, data, TestKafka.bootstrap(), "restart-2.log", Map.of("OBSERVER_INDEX_TTL", "3s"))) {
            assertTrue(node.awaitReady(Duration.ofSeconds(240)), "restart did not become ready");
            Http http = new Http(node.baseUrl());
            assertEquals(500, total(http, index, ""), "every acknowledged log survives, none twice");
            assertEquals(Loghub.countWithToken(lines, "blockmap"), total(http, index, "blockmap"));
            Http.Answer more = http.post("/api/logs/" + index + "?refresh=wait_for", "{\"message\":\"after restart\"}");
            assertEquals(202, more.status(), more.body());
            assertEquals(501, total(http, index, ""));

            // Idle for the TTL: sealed, compacted cold, unmapped and CLOSED by the timer; a query loads it again.
            String blockId = lines.get(123).replaceAll(".*blk_-?([0-9]+).*", "$1");
            long withBlockId = Loghub.countWithToken(lines, blockId);
            assertTrue(withBlockId > 0, blockId);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String state = "";
            while (!state.equals("CLOSED") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                state = http.get("/api/indexes/" + index).json().getString("state");
            }
            assertEquals("CLOSED", state, "the timer did not close the idle index");
            List<String> actions = new ArrayList<>();
            while (!actions.contains("closed") && System.nanoTime() < deadline) {
                Thread.sleep(200); // the archive trails the topic a little
                actions.clear();
                for (jakarta.json.JsonObject entry : http.get("/api/oplog?index=" + index + "&from=now-1h").json()
                        .getJsonArray("entries").getValuesAs(jakarta.json.JsonObject.class)) {
                    actions.add(entry.getString("action"));
                }
            }
            assertTrue(actions.contains("compacted") && actions.contains("closed"), actions.toString());
            assertEquals(501, total(http, index, ""), "loaded lazily, cold, with every log");
            assertEquals(withBlockId, total(http, index, blockId), "a rare id, now in a block filter");
            assertEquals(Loghub.countWithToken(lines, "blockmap"), total(http, index, "blockmap"));
            assertEquals("OPEN", http.get("/api/indexes/" + index).json().getString("state"));
        }
    }

    @Test
    void unreachableKafkaIsAnsweredWith503AndRetryAfterQuickly() throws Exception {
        Path data = Files.createDirectories(IT_DIR.resolve("nokafka-data-" + System.nanoTime()));
        int port = freePort();
        try (PayaraMicro node = start(port, data, "127.0.0.1:" + freePort(), "nokafka.log")) {
            Http http = new Http(node.baseUrl());
            awaitDeployed(node, http);
            assertEquals(503, http.get("/health/ready").status(), "not ready without Kafka");

            long start = System.nanoTime();
            Http.Answer answer = http.post("/api/logs/nokafka", "{\"message\":\"lost?\"}");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(503, answer.status(), answer.body());
            assertNotNull(answer.header("Retry-After"));
            assertTrue(answer.json().getJsonObject("error").getString("reason").contains("Kafka"));
            assertTrue(seconds < 15, "answered after " + seconds + " s");

            Http.Answer bulk = http.post("/api/logs/nokafka/_bulk", "{\"a\":1}\n{\"a\":2}\n");
            assertEquals(503, bulk.status(), bulk.body());
            assertNotNull(bulk.header("Retry-After"));
        }
    }

    /**
     * Payara Micro deploys again at start whatever its root directory's configuration names: a node
     * restarted there after a {@code kill -9} must serve the WAR it is given, not the previous one.
     * Two small WARs stand for two builds of the application.
     */
    @Test
    void restartAfterKill9ServesTheGivenWarNotThePreviousDeployment() throws Exception {
        Path dir = Files.createDirectories(IT_DIR.resolve("redeploy-" + System.nanoTime()));
        Path root = PayaraMicro.rootDirIn(dir.resolve("data"));
        Path microJar = Path.of(System.getProperty("payara.microJar"));
        int port = freePort();
        Http http = new Http("http://127.0.0.1:" + port);
        try (PayaraMicro first = new PayaraMicro(microJar, war(dir.resolve("first.war"), "first.html", "first build"),
                root, port, Map.of(), List.of("-Xmx256m")).start(IT_DIR.resolve("redeploy-1.log"));
             PayaraMicro second = new PayaraMicro(microJar, war(dir.resolve("second.war"), "second.html", "second build"),
                     root, port, Map.of(), List.of("-Xmx256m"))) {
            awaitPage(first, http, "/first.html", "first build");
            first.kill();
            assertTrue(Files.readString(root.resolve("config/domain.xml")).contains("name=\"first\""),
                    "the killed run left its deployment in the root directory");

            second.start(IT_DIR.resolve("redeploy-2.log"));
            awaitPage(second, http, "/second.html", "second build");
            assertEquals(404, http.get("/first.html").status(), "the previous deployment is served");
            assertFalse(Files.readString(root.resolve("config/domain.xml")).contains("name=\"first\""));
            assertRunsFromItsDataDirectory(second, dir.resolve("data"));
        }
        assertFalse(Files.exists(root), "a stopped node leaves no root directory");
    }

    /** Payara Micro's files are open from {@code <data>/runtime/payara}, none from a {@code /tmp/payaramicro-rt*}. */
    private static void assertRunsFromItsDataDirectory(PayaraMicro node, Path data) throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(node.pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    open.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while we listed them
                }
            }
        }
        String root = PayaraMicro.rootDirIn(data).toAbsolutePath().normalize().toString();
        assertTrue(open.stream().anyMatch(file -> file.startsWith(root + "/runtime/")), "nothing open under " + root);
        assertEquals(List.of(), open.stream().filter(file -> file.contains("payaramicro-rt")).toList());
    }

    private static void awaitPage(PayaraMicro node, Http http, String path, String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline && node.isAlive()) {
            try {
                Http.Answer answer = http.get(path);
                if (answer.status() == 200) {
                    assertEquals(body, answer.body().trim());
                    return;
                }
            } catch (IOException notListeningYet) {
                // Payara is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " was not served (alive: " + node.isAlive() + ")");
    }

    /** A WAR with one page. */
    private static Path war(Path file, String page, String text) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(page));
            zip.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    private static PayaraMicro start(int port, Path data, String bootstrap, String logName) throws IOException {
        return start(port, data, bootstrap, logName, Map.of());
    }

    private static PayaraMicro start(int port, Path data, String bootstrap, String logName, Map<String, String> env)
            throws IOException {
        Path micro = Path.of(System.getProperty("payara.microJar"));
        Path war = Path.of(System.getProperty("observer.war"));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("OBSERVER_KAFKA_BOOTSTRAP", bootstrap);
        all.put("OBSERVER_DATA_DIR", data.toString());
        return new PayaraMicro(micro, war, PayaraMicro.rootDirIn(data), port, all, List.of("-Xmx1g"))
                .start(IT_DIR.resolve(logName));
    }

    private static void awaitDeployed(PayaraMicro node, Http http) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline && node.isAlive()) {
            try {
                if (http.get("/api/indexes").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the application was not deployed in time");
    }

    private static long total(Http http, String index, String q) throws Exception {
        Http.Answer answer = http.get("/api/search?index=" + index + "&q=" + Http.enc(q));
        assertEquals(200, answer.status(), answer.body());
        return answer.json().getJsonNumber("total").longValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
