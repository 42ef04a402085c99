package org.observer.launcher;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker (broker and controller in one) in its own JVM, on loopback, with
 * its data under {@code <dir>/data}. The storage is formatted once; later starts reuse it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Path runtime;
    private final Path libDir;
    private ChildProcess process;

    /**
     * @param dir     where the broker keeps its data and logs
     * @param port    the client port; the controller listens on {@code port + 1}
     * @param runtime the launcher's {@code target/runtime} (holds config/server.properties)
     * @param libDir  the broker's class path (the launcher's {@code target/lib})
     */
    public EmbeddedKafka(Path dir, int port, Path runtime, Path libDir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.port = port;
        this.runtime = runtime.toAbsolutePath().normalize();
        this.libDir = libDir.toAbsolutePath().normalize();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return dir.resolve("logs").resolve("server.log");
    }

    /** Formats the storage if needed, starts the broker and waits until it answers. */
    public EmbeddedKafka start(Duration timeout) throws IOException, InterruptedException {
        for (int p : new int[]{port, port + 1}) {
            if (Ports.inUse(p)) {
                // another broker there would answer our readiness probe and take our data
                throw new IOException("port " + p + " on 127.0.0.1 is already in use: stop what listens there,"
                        + " or choose another port (OBSERVER_KAFKA_PORT)");
            }
        }
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.createDirectories(dir.resolve("logs"));
        Path properties = writeProperties(data);
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(properties);
        }
        ProcessBuilder builder = java("kafka.Kafka", properties.toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve("console.log").toFile()));
        process = ChildProcess.start("kafka", builder);
        awaitReady(timeout);
        return this;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the broker's JVM at once, as a crash would (SIGKILL). */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(30);
        }
    }


    private Path writeProperties(Path data) throws IOException {
        String template = Files.readString(runtime.resolve("config").resolve("server.properties"));
        String text = template
                .replace("${broker.port}", String.valueOf(port))
                .replace("${controller.port}", String.valueOf(port + 1))
                .replace("${log.dirs}", data.toString());
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, text, StandardCharsets.UTF_8);
        return properties;
    }

    private void format(Path properties) throws IOException, InterruptedException {
        ProcessBuilder builder = java("kafka.tools.StorageTool", "format", "--standalone",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve("format.log").toFile()));
        Process format = builder.start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("formatting Kafka storage failed; see " + dir.resolve("logs").resolve("format.log"));
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(),
                "-Xms256m", "-Xmx512m", "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + runtime.resolve("config").resolve("log4j2.xml").toUri(),
                "-Dkafka.logs.dir=" + dir.resolve("logs"),
                "-cp", libDir.resolve("*").toString(),
                mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the Kafka broker exited with " + process.process().exitValue()
                            + "; see " + dir.resolve("logs"));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    Thread.sleep(250);
                }
            }
        }
        close();
        throw new IOException("the Kafka broker was not ready within " + timeout.toSeconds() + " s; see " + dir.resolve("logs"));
    }
}
