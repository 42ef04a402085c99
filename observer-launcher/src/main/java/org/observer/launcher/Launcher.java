package org.observer.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code java -jar observer-launcher/target/observer-launcher.jar [--nodes N]}: starts the embedded
 * Kafka broker (unless {@code OBSERVER_KAFKA_BOOTSTRAP} is set) and N Payara Micro nodes with the
 * application (default 1), all side by side, prints the URLs once every node is ready, and runs
 * until Ctrl-C or SIGTERM, which stop them all. If a node or the broker exits on its own, it says
 * which and stops the rest.
 *
 * <p>Settings (environment): {@code OBSERVER_HTTP_PORT} (8080: the first node's port; the others
 * follow), {@code OBSERVER_DATA_DIR} (./data), {@code OBSERVER_KAFKA_BOOTSTRAP} (unset: embedded
 * broker), {@code OBSERVER_KAFKA_PORT} (9092, the embedded broker's port; its controller uses the
 * next one), {@code OBSERVER_RPC_PORT} (unset: each node's HTTP port + 1000), {@code OBSERVER_NODE_NAME},
 * {@code OBSERVER_JAVA_OPTS} (extra JVM options for every node). Exit codes: 2 for a bad command
 * line, 1 when something did not start or stopped on its own.
 *
 * <p>Each node runs from its own copies of Payara Micro and the WAR in {@code <its data>/runtime/},
 * and Payara Micro unpacks itself into {@code <its data>/runtime/payara} ({@link PayaraMicro#rootDirIn}),
 * not into {@code /tmp}, where a killed node's 270 MB would stay for good.
 */
public final class Launcher {

    /** Where a node leaves the admin password it generated (SecurityStore.ADMIN_PASSWORD_FILE). */
    private static final String ADMIN_PASSWORD_FILE = "admin-password";

    private static final int BAD_ARGUMENTS = 2;
    private static final int FAILED = 1;

    /** Set by the shutdown hook: from then on a child exiting is expected, not a failure. */
    private static volatile boolean stopping;

    public static void main(String[] args) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (LaunchOptions.InvalidArguments e) {
            System.err.println("observer: " + e.getMessage());
            System.err.print(LaunchOptions.USAGE);
            System.exit(BAD_ARGUMENTS);
            return;
        }
        if (options.help()) {
            System.out.print(LaunchOptions.USAGE);
            return;
        }
        Path home = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path runtime = home.resolve("runtime");
        Path dataDir = Path.of(setting("OBSERVER_DATA_DIR", "./data")).toAbsolutePath().normalize();
        List<NodePlan> plans;
        int kafkaPort;
        HttpsSettings https;
        if (options.nodes() == 0 && System.getenv("OBSERVER_KAFKA_BOOTSTRAP") != null
                && !System.getenv("OBSERVER_KAFKA_BOOTSTRAP").isBlank()) {
            System.err.println("observer: --kafka-only starts the embedded broker, but OBSERVER_KAFKA_BOOTSTRAP names another");
            System.exit(BAD_ARGUMENTS);
            return;
        }
        try {
            plans = options.nodes() == 0 ? List.of() : NodePlan.plan(options.nodes(), intSetting("OBSERVER_HTTP_PORT", 8080),
                    intSetting("OBSERVER_RPC_PORT", 0), dataDir, System.getenv("OBSERVER_NODE_NAME"));
            kafkaPort = intSetting("OBSERVER_KAFKA_PORT", 9092);
            https = HttpsSettings.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("observer: " + e.getMessage());
            System.exit(BAD_ARGUMENTS);
            return;
        }
        for (NodePlan plan : plans) {
            String whose = plans.size() > 1 ? " (" + plan.label() + ")" : "";
            // Payara would fail to bind, and whatever listens there could answer our readiness probe
            if (Ports.inUse(plan.httpPort())) {
                fail("port " + plan.httpPort() + whose + " is already in use: stop what listens there, or choose"
                        + " another OBSERVER_HTTP_PORT");
            }
            boolean embedded = System.getenv("OBSERVER_KAFKA_BOOTSTRAP") == null || System.getenv("OBSERVER_KAFKA_BOOTSTRAP").isBlank();
            for (int port : new int[]{plan.httpPort(), plan.rpcPort()}) {
                if (embedded && (port == kafkaPort || port == kafkaPort + 1)) {
                    fail("port " + port + whose + " is also the embedded broker's (OBSERVER_KAFKA_PORT " + kafkaPort
                            + " and the next one): choose other ports");
                }
            }
            if (Ports.inUse(plan.rpcPort())) {
                fail("RPC port " + plan.rpcPort() + whose + " is already in use: stop what listens there, or choose"
                        + " another OBSERVER_HTTP_PORT (or OBSERVER_RPC_PORT)");
            }
            if (https != null && Ports.inUse(https.port() + plans.indexOf(plan))) {
                fail("HTTPS port " + (https.port() + plans.indexOf(plan)) + whose + " is already in use: stop what listens"
                        + " there, or choose another OBSERVER_HTTPS_PORT");
            }
        }
        Files.createDirectories(dataDir);
        new Launcher(https).run(plans, kafkaPort, home, runtime, dataDir);
    }

    private final List<Node> nodes = new ArrayList<>();
    private EmbeddedKafka kafka;
    /** HTTPS beside HTTP, or null. */
    private final HttpsSettings https;

    private Launcher(HttpsSettings https) {
        this.https = https;
    }

    /** A node the launcher started, with what it was started with. */
    private record Node(NodePlan plan, PayaraMicro micro) {
    }

    private void run(List<NodePlan> plans, int kafkaPort, Path home, Path runtime, Path dataDir) throws Exception {
        long started = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            stopAll();
        }, "observer-shutdown"));

        String bootstrap = System.getenv("OBSERVER_KAFKA_BOOTSTRAP");
        CompletableFuture<Void> kafkaReady = CompletableFuture.completedFuture(null);
        if (bootstrap == null || bootstrap.isBlank()) {
            log("starting the embedded Kafka broker on 127.0.0.1:" + kafkaPort + " (data in " + dataDir.resolve("kafka") + ")");
            EmbeddedKafka broker = new EmbeddedKafka(dataDir.resolve("kafka"), kafkaPort, runtime, home.resolve("lib"));
            synchronized (this) {
                kafka = broker;
            }
            bootstrap = broker.bootstrap();
            // The broker and the nodes boot side by side: the application waits for Kafka on its
            // own (processors retry, ingest answers 503), and a restart after a crash takes the
            // longer of the boots instead of their sum.
            kafkaReady = CompletableFuture.runAsync(() -> {
                try {
                    broker.start(Duration.ofSeconds(120));
                    log("Kafka is ready (pid " + broker.pid() + ")");
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, runnable -> new Thread(runnable, "kafka-start").start());
        } else {
            bootstrap = bootstrap.trim();
            log("using the Kafka cluster at " + bootstrap);
        }

        List<String> jvm = new ArrayList<>(List.of("-XX:+UseG1GC"));
        String opts = System.getenv("OBSERVER_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            jvm.addAll(Arrays.asList(opts.trim().split("\\s+")));
        }
        boolean several = plans.size() > 1;
        for (NodePlan plan : plans) {
            if (stopping) {
                break;
            }
            Files.createDirectories(plan.dataDir());
            // its own copies: a concurrent build rewrites target/runtime while this node deploys
            Path privateRuntime = plan.dataDir().resolve("runtime");
            Path microJar;
            Path war;
            try {
                microJar = PrivateRuntime.copy(runtime.resolve("payara-micro.jar"), privateRuntime, Duration.ofSeconds(300));
                war = PrivateRuntime.copy(runtime.resolve("observer.war"), privateRuntime, Duration.ofSeconds(300));
            } catch (IOException e) {
                fail("could not prepare " + plan.label() + "'s copy of the runtime: " + e.getMessage());
                return;
            }
            PayaraMicro micro = new PayaraMicro(microJar, war, PayaraMicro.rootDirIn(plan.dataDir()), plan.httpPort(),
                    plan.environment(bootstrap), jvm);
            if (https != null) {
                micro.withHttps(https.port() + plans.indexOf(plan), https, plan.dataDir());
            }
            log("starting " + (several ? plan.label() : "Payara Micro") + " on port " + plan.httpPort()
                    + (several ? " (data in " + plan.dataDir() + ")" : ""));
            IOException notStarted = null;
            synchronized (this) {
                if (stopping) {
                    break;
                }
                try {
                    if (several) {
                        micro.startPrefixingOutput("[" + plan.label() + "] ", System.out);
                    } else {
                        micro.start(null);
                    }
                    nodes.add(new Node(plan, micro));
                } catch (IOException e) {
                    notStarted = e; // fail outside the lock: the shutdown hook's stopAll takes it
                }
            }
            if (notStarted != null) {
                fail("could not start " + (several ? plan.label() : "Payara Micro") + ": " + notStarted.getMessage());
                return;
            }
        }

        awaitReady(kafkaReady, Duration.ofSeconds(300L + 120L * (plans.size() - 1)));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (plans.isEmpty()) {
            log(String.format("Kafka is ready at %s in %.1f s. Press Ctrl-C to stop it.", bootstrap, seconds));
        } else if (several) {
            printCluster(seconds, bootstrap);
        } else {
            printSingle(seconds, nodes.get(0));
        }
        watch();
    }

    /** Waits until the broker and every node are ready; stops everything if one fails or is late. */
    private void awaitReady(CompletableFuture<Void> kafkaReady, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Node> waiting = new ArrayList<>(nodes);
        while (!waiting.isEmpty() || !kafkaReady.isDone()) {
            idleIfStopping();
            if (kafkaReady.isCompletedExceptionally()) {
                try {
                    kafkaReady.join();
                } catch (CompletionException e) {
                    fail("the embedded Kafka broker did not start: " + e.getCause().getMessage());
                }
            }
            for (Node node : List.copyOf(waiting)) {
                if (!node.micro().isAlive()) {
                    idleIfStopping();
                    fail(describe(node) + " exited with " + node.micro().exitValue() + " before it was ready; stopping");
                }
                if (node.micro().isReady()) {
                    waiting.remove(node);
                    if (nodes.size() > 1) {
                        log(node.plan().label() + " is ready at " + url(node));
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                fail((waiting.isEmpty() ? "Kafka" : waiting.stream().map(n -> describe(n)).toList().toString())
                        + " did not become ready within " + timeout.toSeconds() + " s; stopping");
            }
            if (!waiting.isEmpty() || !kafkaReady.isDone()) {
                Thread.sleep(500);
            }
        }
    }

    /**
     * Runs until Ctrl-C. If the broker or the only node exits on its own, says which and stops the
     * rest. Of several nodes, one that exits is reported and the others go on: they take over its
     * partitions, as a cluster should (kill one to watch the failover); the last one's exit stops all.
     */
    private void watch() throws InterruptedException {
        java.util.Set<Node> gone = new java.util.HashSet<>();
        while (true) {
            Thread.sleep(500);
            idleIfStopping();
            for (Node node : nodes) {
                if (!node.micro().isAlive() && !gone.contains(node)) {
                    Thread.sleep(200); // a Ctrl-C reaches the children too: let the shutdown hook say so first
                    idleIfStopping();
                    gone.add(node);
                    String exited = describe(node) + " (pid " + node.micro().pid() + ") exited with " + node.micro().exitValue();
                    if (gone.size() == nodes.size()) {
                        fail(exited + "; stopping" + (kafka != null ? " the broker" : ""));
                    }
                    log(exited + "; the other nodes take over its partitions");
                }
            }
            if (kafka != null && !kafka.isAlive()) {
                Thread.sleep(200);
                idleIfStopping();
                fail("the Kafka broker exited; stopping (see " + kafka.logFile().getParent() + ")");
            }
        }
    }

    private void printSingle(double seconds, Node node) {
        String base = url(node);
        log(String.format("The Observer is ready in %.1f s", seconds));
        String user = credentials();
        log("  console:  " + base + "/" + (node.micro().httpsUrl() == null ? ""
                : "   over HTTPS: " + node.micro().httpsUrl().replace("127.0.0.1", "localhost") + "/"));
        log("  ingest:   curl" + user + " -XPOST " + base + "/api/logs/<index> -H 'Content-Type: application/json' -d '{\"message\":\"hello\"}'");
        log("  search:   curl" + user + " '" + base + "/api/search?index=<index>&q=hello'");
        log("  indexes:  curl" + user + " " + base + "/api/indexes");
        log("  health:   " + base + "/health/ready   metrics: " + base + "/metrics   OpenAPI: " + base + "/openapi");
        log("Press Ctrl-C to stop.");
    }

    private void printCluster(double seconds, String bootstrap) {
        log(String.format("The Observer is ready in %.1f s: %d nodes, Kafka at %s", seconds, nodes.size(), bootstrap));
        for (Node node : nodes) {
            String base = url(node);
            log(String.format("  %-8s console %s/   api %s/api   (RPC port %d, data %s, pid %d)", node.plan().label(),
                    base, base, node.plan().rpcPort(), node.plan().dataDir(), node.micro().pid())
                    + (node.micro().httpsUrl() == null ? "" : "   HTTPS " + node.micro().httpsUrl()));
        }
        String base = url(nodes.get(0));
        String user = credentials();
        log("  ingest:   curl" + user + " -XPOST " + base + "/api/logs/<index> -H 'Content-Type: application/json' -d '{\"message\":\"hello\"}'");
        log("  search:   curl" + user + " '" + base + "/api/search?index=<index>&q=hello'");
        log("Each node's output is prefixed with its name. Press Ctrl-C to stop all nodes"
                + (kafka != null ? " and the broker." : "."));
    }

    /**
     * Says how to sign in, and returns curl's option for it ("" with security off). The password a
     * node generated at the cluster's first start is shown here once: the node left it in its data
     * directory for this, and it is removed once shown.
     */
    private String credentials() {
        String auth = System.getenv("OBSERVER_AUTH");
        if (auth != null && auth.trim().equalsIgnoreCase("off")) {
            log("Security is off (OBSERVER_AUTH=off): anyone who reaches the port may do anything.");
            return "";
        }
        for (Node node : nodes) {
            Path file = node.plan().dataDir().resolve(ADMIN_PASSWORD_FILE);
            try {
                if (Files.exists(file)) {
                    String password = Files.readString(file).trim();
                    Files.delete(file);
                    log("Sign in as admin with the password  " + password
                            + "  (generated at this cluster's first start and shown this once: keep it)");
                    return " -u 'admin:" + password + "'";
                }
            } catch (IOException e) {
                log("The generated admin password is in " + file + " (" + e.getMessage() + ")");
            }
        }
        String configured = System.getenv("OBSERVER_ADMIN_PASSWORD");
        log("Sign in as admin with " + (configured != null && !configured.isEmpty()
                ? "the password of OBSERVER_ADMIN_PASSWORD" : "the password shown at the cluster's first start")
                + " (or a user it made); OBSERVER_AUTH=off turns security off for development.");
        return " -u admin:<password>";
    }

    /** Stops the nodes side by side (each may take its grace period), then the broker. */
    private void stopAll() {
        List<Node> started;
        EmbeddedKafka broker;
        synchronized (this) {
            started = List.copyOf(nodes);
            broker = kafka;
        }
        List<Thread> stoppers = new ArrayList<>();
        for (Node node : started) {
            Thread stopper = new Thread(() -> {
                try {
                    node.micro().close();
                } catch (Exception e) {
                    System.err.println("[observer] stopping " + node.plan().label() + " failed: " + e);
                }
            }, "stop " + node.plan().label());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("[observer] stopping the Kafka broker failed: " + e);
            }
        }
        log("stopped");
    }

    /** The shutdown hook is at work: System.exit here would hang it, so this thread just waits. */
    private static void idleIfStopping() throws InterruptedException {
        if (stopping) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static String describe(Node node) {
        return node.plan().name() == null ? "Payara Micro" : node.plan().label();
    }

    private static String url(Node node) {
        return "http://localhost:" + node.plan().httpPort();
    }


    /** Says what went wrong and exits; the shutdown hook stops whatever was started. */
    private static void fail(String message) {
        log(message);
        System.exit(FAILED);
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
