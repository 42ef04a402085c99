package org.observer.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Payara Micro running the application WAR at context root {@code /}, in its own JVM. The JVM gets
 * {@code OBSERVER_HTTP_PORT} = its port in its environment, whatever else it is given. Payara runs
 * in a root directory of the node's own (see {@link PayaraMicroRoot}; by default
 * {@link #rootDirIn(Path) <data>/runtime/payara}), cleared at every start, so a node killed with
 * {@code kill -9} leaves nothing in {@code /tmp} and its next start reuses the place.
 */
public final class PayaraMicro implements AutoCloseable {

    /** The name of the application's readiness check. */
    public static final String READINESS_CHECK = "observer-ingest";

    private final Path microJar;
    private final Path war;
    private final Path rootDir;
    /** Names this object in its root directory's marker: see {@link PayaraMicroRoot}. */
    private final String rootOwner = "pid " + ProcessHandle.current().pid() + ", " + UUID.randomUUID();
    private final int port;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final HttpRequest readyRequest;
    /** A request only the application answers (see {@link #isReady()}). */
    private final HttpRequest applicationRequest;
    private HttpClient http;
    private ChildProcess process;
    /** Payara Micro's options for an HTTPS listener, if any. */
    private final List<String> httpsOptions = new ArrayList<>();
    private int httpsPort;

    /**
     * @param rootDir Payara Micro's own directory ({@code --rootDir}), emptied at every start: see
     *                {@link #rootDirIn(Path)} for where a node's usually is
     */
    public PayaraMicro(Path microJar, Path war, Path rootDir, int port, Map<String, String> environment, List<String> jvmOptions) {
        this.microJar = microJar.toAbsolutePath().normalize();
        this.war = war.toAbsolutePath().normalize();
        this.rootDir = rootDir.toAbsolutePath().normalize();
        this.port = port;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.readyRequest = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        this.applicationRequest = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/cluster"))
                .timeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Where a node with data directory {@code nodeDataDir} keeps Payara Micro's root directory:
     * {@code <nodeDataDir>/runtime/payara}, beside the launcher's copies of the jar and the WAR
     * (everything under {@code runtime/} is made again at start, none of it is data).
     */
    public static Path rootDirIn(Path nodeDataDir) {
        return nodeDataDir.resolve("runtime").resolve("payara");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Serves HTTPS on {@code port} too, with the key and certificate of {@code https}; the keystore's
     * password goes to Payara in a file in {@code dir}. Before {@link #start}.
     */
    public PayaraMicro withHttps(int port, HttpsSettings https, Path dir) throws IOException {
        Path properties = https.writeSystemProperties(dir);
        httpsOptions.clear();
        httpsOptions.addAll(List.of("--sslPort", String.valueOf(port), "--sslCert", https.alias(),
                "--systemProperties", properties.toString()));
        httpsPort = port;
        return this;
    }

    /** {@code https://127.0.0.1:<port>}, or null without HTTPS. */
    public String httpsUrl() {
        return httpsPort == 0 ? null : "https://127.0.0.1:" + httpsPort;
    }

    /**
     * Starts Payara Micro; its output goes to {@code output} (or ours if null). Does not wait: see
     * {@link #awaitReady(Duration)}.
     */
    public PayaraMicro start(Path output) throws IOException {
        ProcessBuilder builder = processBuilder();
        if (output == null) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        }
        process = ChildProcess.start("payara-micro", builder);
        return this;
    }

    /**
     * Starts Payara Micro with each line of its output copied to {@code out} behind {@code prefix}
     * (e.g. {@code "[node-2] "}), so that several nodes can share one terminal. Does not wait.
     */
    public PayaraMicro startPrefixingOutput(String prefix, OutputStream out) throws IOException {
        ProcessBuilder builder = processBuilder();
        builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        process = ChildProcess.start("payara-micro " + prefix.trim(), builder);
        LinePrefixer.start(process.process().getInputStream(), out, prefix, "output " + prefix.trim());
        return this;
    }

    /** Clears the root directory (a previous run's deployment must not boot again) and builds the command. */
    private ProcessBuilder processBuilder() throws IOException {
        PayaraMicroRoot.prepare(rootDir, rootOwner);
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", microJar.toString(),
                "--rootDir", rootDir.toString(),
                "--deploy", war.toString(),
                "--contextroot", "/",
                "--port", String.valueOf(port),
                "--nocluster"));
        command.addAll(httpsOptions);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        // the application advertises its URL from this: it must be the port Payara listens on
        builder.environment().put("OBSERVER_HTTP_PORT", String.valueOf(port));
        builder.redirectErrorStream(true);
        return builder;
    }

    /**
     * Waits until {@code /health/ready} answers 200 with the application's own check in it and the
     * application answers its own paths (see {@link #isReady()}; Payara
     * answers "No Application deployed" both while the application is still deploying and after a
     * failed deployment, so only our check tells); false if the process died or the time ran out.
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (isReady()) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /**
     * One look: true once the application's own check answers 200 on {@code /health/ready} and the
     * application itself answers. The health endpoint is Payara's and answers as soon as the
     * application's beans run, while Payara still answers its own 503 page to the application's
     * paths until the web module is loaded: seen for 5 s on a loaded machine, where a test's first
     * request after "ready" got that 503.
     */
    public boolean isReady() throws InterruptedException {
        try {
            HttpResponse<String> answer = http().send(readyRequest, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || !answer.body().contains(READINESS_CHECK)) {
                return false;
            }
            // any answer of the application will do (401 with security on); 503 and 404 are Payara's
            int application = http().send(applicationRequest, HttpResponse.BodyHandlers.discarding()).statusCode();
            return application != 503 && application != 404;
        } catch (IOException notYet) {
            return false; // not listening yet
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            // HTTP/1.1, as the tests' own client: with the default (HTTP/2, an h2c upgrade first) the
            // probes of one node failed for four minutes while HTTP/1.1 requests to it were answered
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        }
        return http;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The exit code of a process that has ended. */
    public int exitValue() {
        return process.process().exitValue();
    }

    public int port() {
        return port;
    }

    /** Kills the JVM at once, as a crash would. Its root directory stays, for its next start to clear. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /**
     * Stops the JVM (SIGTERM, SIGKILL after 30 s), if it still runs, and deletes its root directory,
     * unless another start has taken the directory over since: a node stopped, or killed then closed,
     * leaves nothing of Payara's behind.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.stop(30);
        if (!process.isAlive()) {
            try {
                PayaraMicroRoot.deleteIfOwned(rootDir, rootOwner);
            } catch (IOException e) {
                System.err.println("[observer] could not delete Payara Micro's root directory " + rootDir + ": " + e);
            }
        }
    }
}
