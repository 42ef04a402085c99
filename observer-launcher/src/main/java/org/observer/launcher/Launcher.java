package org.observer.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar observer-launcher/target/observer-launcher.jar}: starts the embedded Kafka broker
 * (unless {@code OBSERVER_KAFKA_BOOTSTRAP} is set) and Payara Micro with the application, prints the
 * URLs, and runs until Ctrl-C or SIGTERM, which stop both.
 *
 * <p>Settings (environment): {@code OBSERVER_HTTP_PORT} (8080), {@code OBSERVER_DATA_DIR} (./data),
 * {@code OBSERVER_KAFKA_BOOTSTRAP} (unset: embedded broker), {@code OBSERVER_KAFKA_PORT} (9092, the
 * embedded broker's port; its controller uses the next one), {@code OBSERVER_JAVA_OPTS} (extra JVM
 * options for Payara Micro).
 */
public final class Launcher {

    /** Set by the shutdown hook: from then on a child exiting is expected, not a failure. */
    private static volatile boolean stopping;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path runtime = home.resolve("runtime");
        int httpPort = intSetting("OBSERVER_HTTP_PORT", 8080);
        Path dataDir = Path.of(setting("OBSERVER_DATA_DIR", "./data")).toAbsolutePath().normalize();
        String bootstrap = System.getenv("OBSERVER_KAFKA_BOOTSTRAP");
        Files.createDirectories(dataDir);

        long started = System.nanoTime();
        List<AutoCloseable> running = new ArrayList<>();
        Thread shutdown = new Thread(() -> {
            stopping = true;
            stopAll(running);
        }, "observer-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        EmbeddedKafka kafka = null;
        java.util.concurrent.CompletableFuture<Void> kafkaReady = java.util.concurrent.CompletableFuture.completedFuture(null);
        if (bootstrap == null || bootstrap.isBlank()) {
            int kafkaPort = intSetting("OBSERVER_KAFKA_PORT", 9092);
            log("starting the embedded Kafka broker on 127.0.0.1:" + kafkaPort + " (data in " + dataDir.resolve("kafka") + ")");
            EmbeddedKafka broker = new EmbeddedKafka(dataDir.resolve("kafka"), kafkaPort, runtime, home.resolve("lib"));
            kafka = broker;
            running.add(broker);
            bootstrap = broker.bootstrap();
            // The broker and Payara boot side by side: the application waits for Kafka on its own
            // (processors retry, ingest answers 503), and a restart after a crash takes the longer
            // of the two boots instead of their sum.
            kafkaReady = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    broker.start(Duration.ofSeconds(120));
                    log("Kafka is ready (pid " + broker.pid() + ")");
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        } else {
            log("using the Kafka cluster at " + bootstrap);
        }

        Map<String, String> env = new HashMap<>();
        env.put("OBSERVER_KAFKA_BOOTSTRAP", bootstrap);
        env.put("OBSERVER_DATA_DIR", dataDir.toString());
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseG1GC"));
        String opts = System.getenv("OBSERVER_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            jvm.addAll(Arrays.asList(opts.trim().split("\\s+")));
        }
        PayaraMicro micro = new PayaraMicro(runtime.resolve("payara-micro.jar"), runtime.resolve("observer.war"),
                httpPort, env, jvm);
        running.add(micro);
        log("starting Payara Micro on port " + httpPort);
        micro.start(null);
        try {
            kafkaReady.join();
        } catch (java.util.concurrent.CompletionException e) {
            log("the embedded Kafka broker did not start: " + e.getCause().getMessage());
            System.exit(1);
        }
        if (!micro.awaitReady(Duration.ofSeconds(300))) {
            if (!stopping) {
                log("The Observer did not become ready; stopping");
                System.exit(1);
            }
            Thread.sleep(Long.MAX_VALUE);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String base = "http://localhost:" + httpPort;
        log(String.format("The Observer is ready in %.1f s", seconds));
        log("  console:  " + base + "/");
        log("  ingest:   curl -XPOST " + base + "/api/logs/<index> -H 'Content-Type: application/json' -d '{\"message\":\"hello\"}'");
        log("  search:   " + base + "/api/search?index=<index>&q=hello");
        log("  indexes:  " + base + "/api/indexes");
        log("  health:   " + base + "/health/ready   metrics: " + base + "/metrics   OpenAPI: " + base + "/openapi");
        log("Press Ctrl-C to stop.");

        while (true) {
            Thread.sleep(500);
            if (stopping) {
                Thread.sleep(Long.MAX_VALUE); // the shutdown hook is at work; System.exit here would hang it
            }
            if (!micro.isAlive() || (kafka != null && !kafka.isAlive())) {
                log((micro.isAlive() ? "the Kafka broker" : "Payara Micro") + " exited; stopping");
                System.exit(1);
            }
        }
    }

    private static void stopAll(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("[observer] stopping failed: " + e);
            }
        }
        log("stopped");
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int intSetting(String name, int fallback) {
        String value = setting(name, String.valueOf(fallback));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is '" + value + "', expected a port number");
        }
    }

    private static void log(String message) {
        System.out.println("[observer] " + message);
    }
}
