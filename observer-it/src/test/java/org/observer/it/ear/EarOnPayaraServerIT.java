package org.observer.it.ear;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.observer.it.TestKafka;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

    /**
     * The Jakarta Messaging bridge: logs sent to the queue from a JMS client outside the server are
     * stored exactly once; poison of every kind, sent among them, ends in the dead-letter queue with
     * its reason and holds nothing up.
     */
    @Test
    void logsSentOverJmsAreStoredOnceAndPoisonGoesToTheDeadLetterQueue() throws Exception {
        awaitReady();
        String index = "jms-" + System.nanoTime();
        String run = "run" + System.nanoTime(); // this test's dead letters, among any others
        int valid = Integer.getInteger("observer.it.jms.logs", 10_000);
        List<Poison> poison = poison(index);
        long started;
        long sent;
        try (JMSContext jms = BrokerClient.connect(JMSContext.SESSION_TRANSACTED)) {
            Queue logs = jms.createQueue(BrokerClient.LOGS);
            JMSProducer producer = jms.createProducer();
            int spacing = valid / poison.size();
            started = System.nanoTime();
            for (int n = 0, p = 0; n < valid; n++) {
                producer.setProperty("index", index).send(logs, Json.createObjectBuilder()
                        .add("@timestamp", "2025-07-10T12:00:00Z")
                        .add("message", "bridged log number " + n)
                        .add("seq", n)
                        .build().toString());
                if (n % spacing == 0 && p < poison.size()) {
                    Message bad = poison.get(p++).message().apply(jms);
                    bad.setStringProperty("run", run);
                    jms.createProducer().send(logs, bad);
                }
                if (n % 500 == 499) {
                    jms.commit();
                }
            }
            jms.commit();
            sent = System.nanoTime();
        }

        JsonObject found = awaitTotal(index, "bridged", valid, Duration.ofMinutes(10));
        long searchable = System.nanoTime();
        System.out.printf("JMS bridge: %d logs sent in %.1f s, all searchable after %.1f s: %.0f logs/s JMS -> searchable%n",
                valid, (sent - started) / 1e9, (searchable - started) / 1e9, valid / ((searchable - started) / 1e9));
        Set<Integer> seqs = new HashSet<>();
        for (JsonValue hit : found.getJsonArray("hits")) {
            assertTrue(seqs.add(hit.asJsonObject().getJsonObject("source").getInt("seq")), "stored once: " + hit);
        }
        assertEquals(valid, seqs.size(), "every log sent is there");

        Map<String, String> reasons = new HashMap<>();
        try (JMSContext jms = BrokerClient.connect(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer deadLetters = jms.createConsumer(jms.createQueue(BrokerClient.DEAD_LETTERS), "run = '" + run + "'")) {
            for (int i = 0; i < poison.size(); i++) {
                Message letter = deadLetters.receive(60_000);
                assertNotNull(letter, "dead letter " + (i + 1) + " of " + poison.size() + " within 60 s; got " + reasons.values());
                reasons.put(letter.getStringProperty("kind"), letter.getStringProperty("reason"));
            }
            assertEquals(null, deadLetters.receive(1000), "no more dead letters than poison sent");
        }
        for (Poison p : poison) {
            String reason = reasons.get(p.kind());
            assertNotNull(reason, p.kind() + " is in the dead-letter queue");
            assertTrue(reason.contains(p.reason()), p.kind() + ": the reason says '" + p.reason() + "', but is: " + reason);
        }
        assertEquals(valid, get(search(index, "bridged", 0)).getJsonNumber("total").longValue(), "still stored once");
    }

    /**
     * Kafka acknowledged a log, then the JMS transaction rolled back (the server died, the commit
     * failed): the broker delivers the message again and the bridge publishes the same record a
     * second time. Here that second record is written as the bridge writes it; it is stored once.
     */
    @Test
    void redeliveryAfterKafkaAcknowledgedStoresNothingTwice() throws Exception {
        awaitReady();
        String index = "jms-redelivered-" + System.nanoTime();
        sendOverJms(index, "first delivery of a log");
        awaitTotal(index, "first", 1, Duration.ofMinutes(2));

        ConsumerRecord<String, byte[]> published = publishedRecord(index);
        assertNotNull(published.headers().lastHeader("mid"), "the record carries its JMS message id");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafkaProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(published.topic(), published.partition(), published.key(),
                    published.value(), published.headers())).get();
        }
        // a later log of the same index (the same partition) is searchable only after the repeat was read
        sendOverJms(index, "second log after the repeat");
        awaitTotal(index, "second", 1, Duration.ofMinutes(2));
        assertEquals(1, get(search(index, "first", 10)).getJsonNumber("total").longValue(), "the repeat is not stored");
        assertEquals(3, publishedRecordsOf(index).size(), "Kafka holds the log twice, then the later one");
    }

    /**
     * Kafka stopped: the messages sent meanwhile wait in the queue (the bridge backs off and hands
     * them back), and once Kafka is back every one is stored, none lost, none twice.
     */
    @Test
    void messagesSentWhileKafkaIsStoppedArriveOnceItIsBack() throws Exception {
        awaitReady();
        String index = "jms-kafka-stopped-" + System.nanoTime();
        int logs = 200;
        TestKafka.stop();
        try {
            try (JMSContext jms = BrokerClient.connect(JMSContext.SESSION_TRANSACTED)) {
                JMSProducer producer = jms.createProducer().setProperty("index", index);
                Queue queue = jms.createQueue(BrokerClient.LOGS);
                for (int n = 0; n < logs; n++) {
                    producer.send(queue, Json.createObjectBuilder().add("message", "waited for kafka").add("seq", n).build().toString());
                }
                jms.commit();
            }
            Thread.sleep(15_000); // deliveries fail and back off meanwhile
        } finally {
            TestKafka.startAgain();
        }
        JsonObject found = awaitTotal(index, "waited", logs, Duration.ofMinutes(5));
        Set<Integer> seqs = new HashSet<>();
        for (JsonValue hit : found.getJsonArray("hits")) {
            assertTrue(seqs.add(hit.asJsonObject().getJsonObject("source").getInt("seq")), "stored once: " + hit);
        }
        assertEquals(logs, seqs.size());
        try (JMSContext jms = BrokerClient.connect(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer deadLetters = jms.createConsumer(jms.createQueue(BrokerClient.DEAD_LETTERS),
                     "index = '" + index + "'")) {
            assertEquals(null, deadLetters.receive(1000), "no log given up while Kafka was away");
        }
    }

    private record Poison(String kind, String reason, Function<JMSContext, Message> message) {
    }

    /** 50 messages no delivery can store, of six kinds, with what their dead letters' reasons say. */
    private static List<Poison> poison(String index) {
        List<Poison> poison = new ArrayList<>();
        String tooBig = "{\"message\":\"" + "x".repeat(1024 * 1024) + "\"}";
        for (int i = 0; i < 10; i++) {
            poison.add(new Poison("not-json-" + i, "invalid JSON", jms -> text(jms, "not json at all " + System.nanoTime(), index)));
            poison.add(new Poison("no-index-" + i, "no string property 'index'", jms -> text(jms, "{\"message\":\"lost\"}", null)));
            poison.add(new Poison("bad-index-" + i, "invalid index name", jms -> text(jms, "{\"message\":\"x\"}", "Bad Name")));
            poison.add(new Poison("too-big-" + i, "more than the limit", jms -> text(jms, tooBig, index)));
        }
        for (int i = 0; i < 5; i++) {
            poison.add(new Poison("bytes-" + i, "BytesMessage", jms -> {
                BytesMessage bytes = jms.createBytesMessage();
                try {
                    bytes.writeBytes("{\"message\":\"bytes\"}".getBytes(StandardCharsets.UTF_8));
                    bytes.setStringProperty("index", index);
                } catch (jakarta.jms.JMSException e) {
                    throw new IllegalStateException(e);
                }
                return bytes;
            }));
            poison.add(new Poison("array-" + i, "must be a JSON object", jms -> text(jms, "[1,2,3]", index)));
        }
        for (int i = 0; i < poison.size(); i++) {
            Poison p = poison.get(i);
            Function<JMSContext, Message> make = p.message();
            poison.set(i, new Poison(p.kind(), p.reason(), jms -> {
                Message message = make.apply(jms);
                try {
                    message.setStringProperty("kind", p.kind());
                } catch (jakarta.jms.JMSException e) {
                    throw new IllegalStateException(e);
                }
                return message;
            }));
        }
        return poison;
    }

    private static Message text(JMSContext jms, String body, String index) {
        Message message = jms.createTextMessage(body);
        if (index != null) {
            try {
                message.setStringProperty("index", index);
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        }
        return message;
    }

    private static void sendOverJms(String index, String text) throws Exception {
        try (JMSContext jms = BrokerClient.connect(JMSContext.AUTO_ACKNOWLEDGE)) {
            jms.createProducer().setProperty("index", index).send(jms.createQueue(BrokerClient.LOGS),
                    Json.createObjectBuilder().add("message", text).build().toString());
        }
    }

    private static Properties kafkaProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", System.getenv("OBSERVER_KAFKA_BOOTSTRAP"));
        return properties;
    }

    /** The first record the bridge published for {@code index}. */
    private static ConsumerRecord<String, byte[]> publishedRecord(String index) {
        return publishedRecordsOf(index).get(0);
    }

    private static List<ConsumerRecord<String, byte[]>> publishedRecordsOf(String index) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafkaProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("observer.ingest").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (index.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        assertTrue(!found.isEmpty(), "a record of " + index + " in observer.ingest");
        return found;
    }

    private String search(String index, String q, int size) {
        return "api/search?index=" + index + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&size=" + size;
    }

    /** Waits until a search finds {@code total} logs (never more), and returns the answer with up to 10,000 hits. */
    private JsonObject awaitTotal(String index, String q, long total, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer;
            try {
                answer = send(HttpRequest.newBuilder(uri(search(index, q, 0))).GET());
            } catch (IOException e) {
                // a kept-alive connection the server closed while the test waited: ask again
                Thread.sleep(200);
                continue;
            }
            if (answer.statusCode() == 200) {
                seen = json(answer).getJsonNumber("total").longValue();
                assertTrue(seen <= total, "found " + seen + " logs, more than the " + total + " sent");
                if (seen == total) {
                    return get(search(index, q, (int) Math.min(total, 10_000)));
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("found " + seen + " of " + total + " logs within " + within
                + "; see " + Path.of(System.getProperty("payara.home"), "glassfish/domains/domain1/logs/server.log"));
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
