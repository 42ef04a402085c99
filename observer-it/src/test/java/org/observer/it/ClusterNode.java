package org.observer.it;

import org.observer.launcher.HttpsSettings;
import org.observer.launcher.PayaraMicro;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a test cluster: Payara Micro with the WAR in its own JVM, with its own name, data
 * directory and ports, which stay the same across restarts (as a node's would). Killed with
 * SIGKILL, frozen with SIGSTOP and thawed with SIGCONT, as an operating system would do to it.
 */
final class ClusterNode implements AutoCloseable {

    /** Longer than a search or a {@code refresh=wait_for} should ever take (the refresh timeout is 30 s). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);
    /** Ports handed out in this JVM, so two nodes never get the same one. */
    private static final Set<Integer> TAKEN = new HashSet<>();

    final String name;
    private final int httpPort;
    private final int rpcPort;
    private final Path data;
    private final Path logDir;
    private final Map<String, String> clusterEnvironment;
    private PayaraMicro process;
    private Http http;
    private Path log;
    private int starts;
    private int httpsPort;

    /**
     * @param dir                where its data directory ({@code <dir>/<name>}) and its logs go
     * @param clusterEnvironment settings every node of the cluster shares
     */
    ClusterNode(String name, Path dir, Map<String, String> clusterEnvironment) throws IOException {
        this.name = name;
        this.httpPort = freePort();
        this.rpcPort = freePort();
        this.data = Files.createDirectories(dir.resolve(name));
        this.logDir = dir;
        this.clusterEnvironment = clusterEnvironment;
    }

    /** Starts the JVM; does not wait (see {@link #awaitReady}). */
    void start() throws IOException {
        starts++;
        log = logDir.resolve(name + (starts == 1 ? "" : "-" + starts) + ".log");
        Map<String, String> env = new HashMap<>(clusterEnvironment);
        env.put("OBSERVER_DATA_DIR", data.toString());
        env.put("OBSERVER_NODE_NAME", name);
        env.put("OBSERVER_HTTP_PORT", String.valueOf(httpPort));
        env.put("OBSERVER_RPC_PORT", String.valueOf(rpcPort));
        process = new PayaraMicro(Path.of(System.getProperty("payara.microJar")),
                Path.of(System.getProperty("observer.war")), PayaraMicro.rootDirIn(data), httpPort, env, List.of("-Xmx1g"));
        if (env.containsKey("OBSERVER_TLS_KEYSTORE")) { // HTTPS too, on a port of its own
            if (httpsPort == 0) {
                httpsPort = freePort();
            }
            env.put("OBSERVER_HTTPS_PORT", String.valueOf(httpsPort));
            process.withHttps(httpsPort, HttpsSettings.from(env), data);
        }
        process.start(log);
        // a new client: the old one's pooled connections died with the old JVM
        http = new Http(process.baseUrl(), REQUEST_TIMEOUT);
    }

    boolean awaitReady(Duration timeout) throws InterruptedException {
        return process.awaitReady(timeout);
    }

    Http http() {
        return http;
    }

    /** Where it answers HTTPS (with {@code OBSERVER_TLS_KEYSTORE} in its settings), e.g. {@code https://127.0.0.1:41235}. */
    String httpsUrl() {
        return process.httpsUrl();
    }

    /** Where it answers HTTP, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    String baseUrl() {
        String url = process.baseUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** What /health/ready answers now, or why it does not. */
    String readiness() {
        try {
            Http.Answer answer = http.get("/health/ready");
            return answer.status() + " " + answer.body();
        } catch (Exception e) {
            return "no answer: " + e;
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** kill -9: no shutdown hook runs, the node leaves the consumer group only by its session timeout. */
    void kill() {
        process.kill();
    }

    /** SIGTERM, and waits (up to 30 s) for the node to shut down cleanly: it leaves the group at once. */
    void stop() {
        process.close();
    }

    /** SIGSTOP: the JVM stops mid-step, holding its connections and its belief in what it owns. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen JVM goes on where it stopped. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    Path log() {
        return log;
    }

    /** The last lines of its current log, for a failure message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    /**
     * Kills the JVM and anything it started, frozen or not (SIGKILL ends a stopped process too), and
     * deletes Payara Micro's root directory in its data directory.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            List<ProcessHandle> descendants = ProcessHandle.of(process.pid())
                    .map(handle -> handle.descendants().toList()).orElse(List.of());
            process.kill();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        process.close(); // the JVM is gone: this only deletes the root directory
    }

    @Override
    public String toString() {
        return name;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                .redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        synchronized (TAKEN) {
            while (true) {
                try (ServerSocket socket = new ServerSocket(0)) {
                    if (TAKEN.add(socket.getLocalPort())) {
                        return socket.getLocalPort();
                    }
                }
            }
        }
    }

    /** A free port whose next one is free too (an embedded broker and its controller). */
    static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two adjacent free ports");
    }
}
