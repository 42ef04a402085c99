package org.observer.it.ear;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real EAR (engine as an EJB module, web module at context root /, API and Kafka client in
 * lib/) on Payara Server Full, against the real Kafka broker of the test run. Runs in the failsafe
 * execution {@code payara-server}, which selects the Server adapter and sets where the domain's
 * JVM keeps its data. The tag keeps it there (and out of the Micro execution) even under -Dit.test.
 */
@Tag("payara-server")
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EarOnPayaraServerIT {

    @Deployment(testable = false)
    static EnterpriseArchive application() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("observer.ear")));
    }

    @ArquillianResource
    URL base;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void logIsIngestedThroughKafkaAndFoundBySearch() throws Exception {
        assertEquals("/", base.getPath(), "the web module's context root");
        awaitReady();
        String index = "ear-" + System.nanoTime();
        JsonObject log = Json.createObjectBuilder()
                .add("@timestamp", "2025-07-10T12:00:00Z")
                .add("message", "payment declined for order 4711")
                .add("user", Json.createObjectBuilder().add("name", "carol"))
                .build();

        HttpResponse<String> ingested = send(HttpRequest.newBuilder(uri("api/logs/" + index + "?refresh=wait_for"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(log.toString())));
        assertEquals(202, ingested.statusCode(), ingested.body());
        JsonObject receipt = json(ingested);
        assertEquals(index, receipt.getString("index"));
        assertEquals(receipt.getInt("partition") + "-" + receipt.getJsonNumber("offset").longValue(),
                receipt.getString("id"));

        JsonObject found = get("api/search?index=" + index + "&q=declined");
        assertEquals(1, found.getJsonNumber("total").longValue(), found.toString());
        JsonObject hit = found.getJsonArray("hits").getJsonObject(0);
        assertEquals(receipt.getString("id"), hit.getString("id"));
        assertEquals(log, hit.getJsonObject("source"));

        assertTrue(get("api/indexes").getJsonArray("indexes").stream()
                        .anyMatch(v -> v.asJsonObject().getString("name").equals(index)),
                "the index is listed");
        // the domain's JVM got this run's data dir (inherited through asadmin start-domain)
        assertTrue(Files.isDirectory(Path.of(System.getenv("OBSERVER_DATA_DIR"), "indexes", index)),
                "the index lives under OBSERVER_DATA_DIR");
    }

    /** Deployed is not ready: the processors may still be joining the consumer group. */
    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int status;
        do {
            status = send(HttpRequest.newBuilder(uri("health/ready")).GET()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not ready within 120 s: /health/ready answers " + status + "; Kafka at "
                + System.getenv("OBSERVER_KAFKA_BOOTSTRAP") + (kafkaListens() ? " listens" : " does not listen")
                + "; see " + Path.of(System.getProperty("payara.home"), "glassfish/domains/domain1/logs/server.log"));
    }

    private static boolean kafkaListens() {
        String[] hostPort = System.getenv("OBSERVER_KAFKA_BOOTSTRAP").split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private URI uri(String relative) {
        return URI.create(base.toString()).resolve(relative);
    }

    private JsonObject get(String relative) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(relative)).GET());
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> answer) {
        return Json.createReader(new StringReader(answer.body())).readObject();
    }
}
