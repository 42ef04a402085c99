package org.observer.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Payara Micro running the application WAR at context root {@code /}, in its own JVM. */
public final class PayaraMicro implements AutoCloseable {

    /** The name of the application's readiness check. */
    public static final String READINESS_CHECK = "observer-ingest";

    private final Path microJar;
    private final Path war;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private ChildProcess process;

    public PayaraMicro(Path microJar, Path war, int port, Map<String, String> environment, List<String> jvmOptions) {
        this.microJar = microJar.toAbsolutePath().normalize();
        this.war = war.toAbsolutePath().normalize();
        this.port = port;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Starts Payara Micro; its output goes to {@code output} (or ours if null). Does not wait: see
     * {@link #awaitReady(Duration)}.
     */
    public PayaraMicro start(Path output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", microJar.toString(),
                "--deploy", war.toString(),
                "--contextroot", "/",
                "--port", String.valueOf(port),
                "--nocluster"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        if (output == null) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        }
        process = ChildProcess.start("payara-micro", builder);
        return this;
    }

    /**
     * Waits until {@code /health/ready} answers 200 with the application's own check in it (Payara
     * answers "No Application deployed" both while the application is still deploying and after a
     * failed deployment, so only our check tells); false if the process died or the time ran out.
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains(READINESS_CHECK)) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
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
