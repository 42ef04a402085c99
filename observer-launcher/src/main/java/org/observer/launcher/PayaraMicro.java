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

/**
 * Payara Micro running the application WAR at context root {@code /}, in its own JVM. The JVM gets
 * {@code OBSERVER_HTTP_PORT} = its port in its environment, whatever else it is given.
 */
public final class PayaraMicro implements AutoCloseable {

    /** The name of the application's readiness check. */
    public static final String READINESS_CHECK = "observer-ingest";

    private final Path microJar;
    private final Path war;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final HttpRequest readyRequest;
    private HttpClient http;
    private ChildProcess process;
    /** Payara Micro's options for an HTTPS listener, if any. */
    private final List<String> httpsOptions = new ArrayList<>();
    private int httpsPort;

    public PayaraMicro(Path microJar, Path war, int port, Map<String, String> environment, List<String> jvmOptions) {
        this.microJar = microJar.toAbsolutePath().normalize();
        this.war = war.toAbsolutePath().normalize();
        this.port = port;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.readyRequest = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
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

    private ProcessBuilder processBuilder() {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", microJar.toString(),
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
     * Waits until {@code /health/ready} answers 200 with the application's own check in it (Payara
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

    /** One look at {@code /health/ready}: true once the application's own check answers 200. */
    public boolean isReady() throws InterruptedException {
        try {
            HttpResponse<String> answer = http().send(readyRequest, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains(READINESS_CHECK);
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

    /** Kills the JVM at once, as a crash would. */
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
}
