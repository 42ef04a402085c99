package org.observer.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for the tests: plain java.net.http, JSON answers parsed with JSON-P. */
final class Http {

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    /** HTTP/1.1, as curl and log shippers speak it (the JDK client would otherwise try an h2c upgrade). */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Duration timeout;
    /** Sent with every request when set (see {@link #as}). */
    private String authorization;

    /** @param base e.g. {@code http://127.0.0.1:8080} (no trailing slash) */
    Http(String base) {
        this(base, Duration.ofSeconds(60));
    }

    /** @param timeout how long one request may take before it fails with an {@link IOException} */
    Http(String base, Duration timeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.timeout = timeout;
    }

    /** Where the node answers, such as {@code http://127.0.0.1:8080}. */
    String base() {
        return base;
    }

    /** A client for the same node that sends {@code authorization} (e.g. {@code Basic …}, {@code ApiKey …}) with each request. */
    Http as(String authorization) {
        Http other = new Http(base, timeout);
        other.authorization = authorization;
        return other;
    }

    /** HTTP Basic credentials, as an {@code Authorization} value. */
    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Answer put(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /**
     * This node in {@code GET /api/cluster}: the one that is UP (a test broker also remembers the
     * nodes of earlier test classes, DOWN).
     */
    static jakarta.json.JsonObject upNode(jakarta.json.JsonObject cluster) {
        return cluster.getJsonArray("nodes").getValuesAs(jakarta.json.JsonObject.class).stream()
                .filter(n -> n.getString("state").equals("UP")).findFirst()
                .orElseThrow(() -> new AssertionError("no node is UP: " + cluster));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(request.timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response);
    }
}
