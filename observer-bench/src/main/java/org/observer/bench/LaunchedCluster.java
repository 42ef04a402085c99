package org.observer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker and {@code n} nodes started by the run command's launcher ({@code observer-launcher.jar
 * --nodes n}) on a fresh data directory, for {@link ServerLoad} to measure against: the same thing
 * a user starts, so the figures are the ones a user gets.
 */
final class LaunchedCluster implements AutoCloseable {

    /** The launcher's line per node once all are ready: {@code node-2 console http://localhost:8081/ ... pid 1234)}. */
    private static final Pattern NODE = Pattern.compile("(node-\\d+|\\S+)\\s+console (http://localhost:\\d+)/.*pid (\\d+)\\)");
    /** The same for a single node: {@code console:  http://localhost:8080/}. */
    private static final Pattern SINGLE = Pattern.compile("console:\\s+(http://localhost:\\d+)/");
    private static final String READY = "Press Ctrl-C";

    private final Process launcher;
    private final List<String> urls = new ArrayList<>();
    private final List<Long> pids = new ArrayList<>();

    private LaunchedCluster(Process launcher) {
        this.launcher = launcher;
    }

    /** Starts the launcher and waits until every node is ready; its output goes to {@code log}. */
    static LaunchedCluster start(Path launcherJar, int nodes, Path data, int httpPort, int kafkaPort, Path log,
                                 Map<String, String> settings) throws IOException, InterruptedException {
        Files.createDirectories(data);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", launcherJar.toString(), "--nodes", String.valueOf(nodes)).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("OBSERVER_DATA_DIR", data.toString());
        env.put("OBSERVER_HTTP_PORT", String.valueOf(httpPort));
        env.put("OBSERVER_KAFKA_PORT", String.valueOf(kafkaPort));
        env.remove("OBSERVER_KAFKA_BOOTSTRAP");
        env.put("OBSERVER_AUTH", "off"); // the load measures ingest and search, not password checks
        env.putAll(settings);
        // every node logs its GC pauses beside its data (GcPauses), with the options the caller gave
        String opts = env.getOrDefault("OBSERVER_JAVA_OPTS", "");
        env.put("OBSERVER_JAVA_OPTS", (opts.isBlank() ? "" : opts.trim() + " ") + GcPauses.option(data));
        LaunchedCluster cluster = new LaunchedCluster(builder.start());
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> cluster.read(log, ready), "launcher-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(300, TimeUnit.SECONDS) || cluster.urls.size() != nodes || !cluster.launcher.isAlive()) {
            cluster.close();
            String last = "";
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                last = lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
            } catch (IOException e) {
                // the log's own path is in the message
            }
            throw new IllegalStateException("the launcher did not bring up " + nodes + " node(s)" + last + " (see " + log + ")");
        }
        return cluster;
    }

    private void read(Path log, CountDownLatch ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.newLine();
                if (line.startsWith("[observer]")) {
                    Matcher node = NODE.matcher(line);
                    Matcher single = SINGLE.matcher(line);
                    if (node.find()) {
                        synchronized (this) {
                            urls.add(node.group(2));
                            pids.add(Long.parseLong(node.group(3)));
                        }
                    } else if (single.find()) {
                        synchronized (this) {
                            urls.add(single.group(1));
                            pids.add(-1L);
                        }
                    }
                    if (line.contains(READY)) {
                        ready.countDown();
                    }
                }
            }
        } catch (IOException e) {
            // the launcher is gone: close() follows
        } finally {
            ready.countDown(); // its output ended: it stopped (a port in use, a missing runtime), no need to wait 300 s
        }
    }

    synchronized List<String> urls() {
        return List.copyOf(urls);
    }

    /** Kills the last node's process as {@code kill -9} would; returns its URL. */
    synchronized String killLast() {
        long pid = pids.get(pids.size() - 1);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return urls.get(urls.size() - 1);
    }

    @Override
    public void close() throws InterruptedException {
        launcher.destroy(); // SIGTERM: the launcher stops its nodes and broker
        if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }
}
