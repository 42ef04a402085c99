package org.observer.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.observer.launcher.EmbeddedKafka;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes started at once with {@code OBSERVER_AUTH=on} (processes of their own, on a broker of
 * their own, so the security topic starts empty), one with {@code OBSERVER_ADMIN_PASSWORD} and one
 * that generates the admin's password: exactly one of them creates the admin user, and both agree
 * on it. Then roles, users and an API key made through {@code /api/security}, and what each of them
 * may and may not do on the native and the Elasticsearch-compatible API and in the console.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    private static final Path IT_DIR = Path.of(System.getProperty("observer.it.dir"));
    private static final String CONFIGURED_ADMIN_PASSWORD = "it-admin-password-7";
    private static final String KEYSTORE_PASSWORD = "it-keystore-password";
    private static final String ALICE_PASSWORD = "alice-password-1";
    private static final String MALLORY_PASSWORD = "mallory-password-1";

    private static EmbeddedKafka kafka;
    private static Path kafkaDir;
    private static ClusterNode node;
    private static ClusterNode other;
    private static String adminPassword;
    private static Http anonymous;
    private static Http admin;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(IT_DIR.resolve("security-" + System.currentTimeMillis()));
        Path launcher = Path.of(System.getProperty("observer.launcher.home"));
        kafkaDir = dir.resolve("kafka");
        kafka = new EmbeddedKafka(kafkaDir, ClusterNode.freePortPair(), launcher.resolve("runtime"), launcher.resolve("lib"))
                .start(Duration.ofSeconds(120));
        Map<String, String> cluster = Map.of("OBSERVER_KAFKA_BOOTSTRAP", kafka.bootstrap(), "OBSERVER_AUTH", "on",
                "OBSERVER_CLUSTER_SECRET", "it-security-secret");
        // the first node serves HTTPS too, with a certificate of its own: the console is used over it
        Map<String, String> tls = new java.util.HashMap<>(cluster);
        tls.put("OBSERVER_TLS_KEYSTORE", keystore(dir).toString());
        tls.put("OBSERVER_TLS_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
        node = new ClusterNode("secure", dir, tls);
        Map<String, String> configured = new java.util.HashMap<>(cluster);
        configured.put("OBSERVER_ADMIN_PASSWORD", CONFIGURED_ADMIN_PASSWORD);
        other = new ClusterNode("secure-2", dir, configured);
        node.start(); // both at once: they race to create the admin user
        other.start();
        assertTrue(node.awaitReady(Duration.ofMinutes(4)), () -> "the node did not get ready:\n" + node.tail(60));
        assertTrue(other.awaitReady(Duration.ofMinutes(4)), () -> "the node did not get ready:\n" + other.tail(60));
        anonymous = node.http();

        // ready means the admin exists; its password is the configured one, or the one the other
        // node generated and left for the launcher in its data directory — never both
        Path generated = dir.resolve("secure").resolve("admin-password");
        Path none = dir.resolve("secure-2").resolve("admin-password");
        assertFalse(Files.exists(none), "a node given OBSERVER_ADMIN_PASSWORD writes no password file");
        adminPassword = Files.exists(generated) ? Files.readString(generated).trim() : CONFIGURED_ADMIN_PASSWORD;
        String loser = adminPassword.equals(CONFIGURED_ADMIN_PASSWORD) ? "generated" : CONFIGURED_ADMIN_PASSWORD;
        admin = anonymous.as(Http.basic("admin", adminPassword));
        assertEquals(200, admin.get("/api/security/_authenticate").status(), () -> node.tail(40));
        assertEquals(200, other.http().as(Http.basic("admin", adminPassword)).get("/api/security/_authenticate").status(),
                "both nodes know the one admin");
        if (!loser.equals("generated")) {
            assertEquals(401, other.http().as(Http.basic("admin", loser)).get("/api/security/_authenticate").status());
        }
        String created = oplogOnceItHas("created user admin");
        assertEquals(1, created.split("created user admin", -1).length - 1, "one node created the admin: " + created);

        ok(admin.put("/api/security/roles/auth-reader", "{\"indexes\":[\"auth-*\"],\"privileges\":[\"read\"]}"));
        ok(admin.put("/api/security/roles/shipper", "{\"indexes\":[\"*\"],\"privileges\":[\"write\"]}"));
        ok(admin.put("/api/security/roles/auth-manager", "{\"indexes\":[\"auth-*\"],\"privileges\":[\"read\",\"manage\"]}"));
        ok(admin.put("/api/security/users/alice", "{\"password\":\"" + ALICE_PASSWORD + "\",\"roles\":[\"auth-reader\"]}"));
        ok(admin.put("/api/security/users/mallory", "{\"password\":\"" + MALLORY_PASSWORD + "\",\"roles\":[\"auth-manager\"]}"));
    }

    /** A key and self-signed certificate for 127.0.0.1, made by the JDK's keytool, as a user would. */
    private static Path keystore(Path dir) throws Exception {
        Path keystore = dir.resolve("observer.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "observer", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "30", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertEquals(0, keytool.waitFor(), () -> "keytool failed: " + read(dir.resolve("keytool.log")));
        return keystore;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (other != null) {
            other.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everythingButTheHealthChecksNeedsCredentials() throws Exception {
        assertEquals(200, anonymous.get("/health/ready").status(), "probes need no credentials");

        Http.Answer missing = anonymous.get("/api/indexes");
        assertEquals(401, missing.status());
        assertTrue(missing.header("WWW-Authenticate").startsWith("Basic"), missing.header("WWW-Authenticate"));
        assertEquals("unauthorized", missing.json().getJsonObject("error").getString("type"));

        Http.Answer es = anonymous.get("/_search");
        assertEquals(401, es.status());
        assertEquals("security_exception", es.json().getJsonObject("error").getString("type"), "Elasticsearch's form on its API");

        assertEquals(401, anonymous.as(Http.basic("admin", "not-the-password")).get("/api/indexes").status());
        assertEquals(401, anonymous.as("ApiKey " + base64("nope:nope")).get("/api/indexes").status());
        assertEquals(401, anonymous.as("Bearer something").get("/api/indexes").status());
        assertEquals(401, anonymous.post("/api/logs/auth-anon", "{\"message\":\"sneaky\"}").status(), "nothing is ingested without credentials");
    }

    @Test
    void rolesDecideWhatEachCallerMayDo() throws Exception {
        JsonObject key = created(admin.post("/api/security/api_keys", "{\"name\":\"filebeat\",\"roles\":[\"shipper\"],\"expires\":\"1d\"}"));
        Http shipper = anonymous.as("ApiKey " + key.getString("encoded"));
        Http alice = anonymous.as(Http.basic("alice", ALICE_PASSWORD));
        Http mallory = anonymous.as(Http.basic("mallory", MALLORY_PASSWORD));

        // the shipper's key writes anywhere, through the Elasticsearch API as a shipper would
        Http.Answer bulk = shipper.post("/_bulk?refresh=wait_for",
                "{\"index\":{\"_index\":\"auth-sec\"}}\n{\"message\":\"login accepted for bob\"}\n"
                        + "{\"index\":{\"_index\":\"web-sec\"}}\n{\"message\":\"login page served\"}\n");
        assertEquals(200, bulk.status(), bulk.body());
        assertFalse(bulk.json().getBoolean("errors"), bulk.body());
        // ... but reads nothing and administers nothing
        assertEquals(403, shipper.get("/api/search?index=auth-sec&q=login").status());
        assertEquals(403, shipper.get("/api/security/users").status());

        // alice reads auth-*: a wildcard search is narrowed to it, silently; web-sec named is refused
        Http.Answer narrowed = alice.get("/api/search?index=*&q=login&from=now-1d");
        assertEquals(200, narrowed.status(), narrowed.body());
        assertEquals(1, narrowed.json().getJsonNumber("total").longValue(), narrowed.body());
        assertEquals("auth-sec", narrowed.json().getJsonArray("hits").getJsonObject(0).getString("index"));
        Http.Answer refused = alice.get("/api/search?index=web-sec&q=login");
        assertEquals(403, refused.status());
        assertTrue(refused.json().getJsonObject("error").getString("reason").contains("alice"), refused.body());
        Http.Answer esNarrowed = alice.post("/_search", "{\"query\":{\"match\":{\"message\":\"login\"}}}");
        assertEquals(1, esNarrowed.json().getJsonObject("hits").getJsonObject("total").getInt("value"), esNarrowed.body());
        assertEquals(403, alice.get("/web-sec/_search").status());
        assertEquals("security_exception", alice.get("/web-sec/_search").json().getJsonObject("error").getString("type"));
        List<String> listed = alice.get("/api/indexes").json().getJsonArray("indexes").getValuesAs(JsonObject.class).stream()
                .map(i -> i.getString("name")).toList();
        assertTrue(listed.contains("auth-sec") && listed.stream().allMatch(name -> name.startsWith("auth-")),
                "an index she may not read is not listed: " + listed);
        // a reader writes nothing, manages nothing, administers nothing
        assertEquals(403, alice.post("/api/logs/auth-sec", "{\"message\":\"forged\"}").status());
        Http.Answer forgedBulk = alice.post("/_bulk", "{\"index\":{\"_index\":\"auth-sec\"}}\n{\"message\":\"forged\"}\n");
        assertEquals(403, forgedBulk.json().getJsonArray("items").getJsonObject(0).getJsonObject("index").getInt("status"), forgedBulk.body());
        assertEquals(403, alice.post("/api/indexes/auth-sec/_close", "").status());
        assertEquals(403, alice.put("/api/security/users/alice", "{\"roles\":[\"admin\"]}").status(), "no one raises their own roles");

        // mallory manages auth-* and nothing else
        assertEquals(200, mallory.post("/api/indexes/auth-sec/_close", "").status());
        assertEquals(200, mallory.post("/api/indexes/auth-sec/_open", "").status());
        assertEquals(403, mallory.post("/api/indexes/web-sec/_close", "").status());
        assertEquals(403, mallory.delete("/web-sec").status());
        assertEquals(200, mallory.post("/api/indexes/auth-sec/_snapshot", "").status());

        // the admin sees everything, and the oplog tells who changed security (entries arrive through
        // Kafka: wait for the last one asked for)
        assertEquals(2, admin.get("/api/search?index=*&q=login&from=now-1d").json().getJsonNumber("total").longValue());
        String oplog = oplogOnceItHas("snapshot by the user [mallory]");
        assertTrue(oplog.contains("created user alice (by user admin)"), oplog);
        assertTrue(oplog.contains("created API key " + key.getString("id")), oplog);
        // ... and who asked for each manage action, refused ones too
        assertTrue(oplog.contains("\"action\":\"requested\",\"index\":\"auth-sec\""), oplog);
        for (String asked : List.of("close by the user [mallory]", "open by the user [mallory]", "snapshot by the user [mallory]")) {
            assertTrue(oplog.contains(asked + "\""), asked + " in " + oplog);
        }
        assertTrue(oplog.contains("close by the user [alice] failed: the user [alice] may not manage index [auth-sec]"), oplog);
        assertTrue(oplog.contains("close by the user [mallory] failed: the user [mallory] may not manage index [web-sec]"), oplog);
        assertTrue(oplog.contains("delete by the user [mallory] failed: the user [mallory] may not manage index [web-sec]"),
                "refused on the Elasticsearch API too: " + oplog);
        String aliceOplog = alice.get("/api/oplog?size=10000").body();
        assertFalse(aliceOplog.contains("web-sec") || aliceOplog.contains("created user"), "she sees only auth-* entries: " + aliceOplog);
    }

    @Test
    void aDeletedKeyOrUserStopsWorkingAtOnce() throws Exception {
        JsonObject key = created(admin.post("/api/security/api_keys", "{\"name\":\"short-lived\",\"roles\":[\"shipper\"]}"));
        Http shipper = anonymous.as("ApiKey " + key.getString("encoded"));
        assertEquals(202, shipper.post("/api/logs/temp-sec", "{\"message\":\"hello\"}").status());
        ok(admin.delete("/api/security/api_keys/" + key.getString("id")));
        assertEquals(401, shipper.post("/api/logs/temp-sec", "{\"message\":\"again\"}").status());
        assertEquals(404, admin.delete("/api/security/api_keys/" + key.getString("id")).status());

        ok(admin.put("/api/security/users/carol", "{\"password\":\"carol-password-1\",\"roles\":[\"shipper\"]}"));
        Http carol = anonymous.as(Http.basic("carol", "carol-password-1"));
        assertEquals(202, carol.post("/api/logs/temp-sec", "{\"message\":\"hi\"}").status());
        ok(admin.put("/api/security/users/carol", "{\"password\":\"carol-password-2\",\"roles\":[\"shipper\"]}"));
        assertEquals(401, carol.post("/api/logs/temp-sec", "{\"message\":\"old password\"}").status(), "a changed password ends the old one");
        ok(admin.delete("/api/security/users/carol"));
        assertEquals(401, anonymous.as(Http.basic("carol", "carol-password-2")).get("/api/security/_authenticate").status());

        assertEquals(400, admin.put("/api/security/users/dave", "{\"password\":\"short\",\"roles\":[]}").status());
        assertEquals(400, admin.put("/api/security/users/dave", "{\"password\":\"long-enough-1\",\"roles\":[\"no-such-role\"]}").status());
        assertEquals(400, admin.put("/api/security/roles/bad", "{\"indexes\":[\"../etc\"],\"privileges\":[\"read\"]}").status());
        assertEquals(400, admin.put("/api/security/roles/bad", "{\"indexes\":[\"x-*\"],\"privileges\":[\"everything\"]}").status());
        assertEquals(400, admin.delete("/api/security/users/admin").status(), "the admin user stays");
        Http.Answer misspelt = admin.post("/api/security/api_keys", "{\"name\":\"k\",\"roles\":[\"shipper\"],\"expirs\":\"1d\"}");
        assertEquals(400, misspelt.status(), "a misspelt field is not ignored: " + misspelt.body());
        assertTrue(misspelt.body().contains("expirs"), misspelt.body());
        JsonObject esNamed = created(admin.post("/api/security/api_keys", "{\"name\":\"k\",\"roles\":[\"shipper\"],\"expiration\":\"1d\"}"));
        assertTrue(esNamed.containsKey("expiration"), "Elasticsearch's name for expires: " + esNamed);
    }

    @Test
    void secretsAreKeptOnlyAsHashes() throws Exception {
        JsonObject key = created(admin.post("/api/security/api_keys", "{\"name\":\"hashed\",\"roles\":[\"shipper\"]}"));
        String users = admin.get("/api/security/users").body();
        assertFalse(users.contains(ALICE_PASSWORD) || users.contains("hash"), users);
        // the broker's files hold the security topic: neither a password nor a key is in them
        List<String> secrets = List.of(adminPassword, ALICE_PASSWORD, MALLORY_PASSWORD, key.getString("api_key"));
        try (Stream<Path> files = Files.walk(kafkaDir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().contains("observer.security")).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertFalse(content.contains(secret), file + " holds a secret in the clear");
                }
            }
        }
        String oplog = admin.get("/api/oplog?size=10000").body();
        assertFalse(secrets.stream().anyMatch(oplog::contains), "the oplog holds no secret");
    }

    @Test
    void theConsoleOverHttpsAsksWhoYouAreAndShowsAReaderOnlyWhatSheMayRead() throws Exception {
        ok(admin.post("/api/logs/auth-console?refresh=wait_for", "{\"message\":\"console sign in check\"}"), 202);
        ok(admin.post("/api/logs/web-console?refresh=wait_for", "{\"message\":\"console sign in check\"}"), 202);
        try (Chromium chromium = Chromium.start(1280, 900)) {
            ChromeDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            String https = node.httpsUrl(); // the console over HTTPS, as it would be served exposed
            assertTrue(https.startsWith("https://"), https);
            browser.get(https + "/indexes");
            wait.until(d -> d.getCurrentUrl().contains("/login"));
            signIn(browser, wait, "alice", "wrong-password");
            wait.until(d -> d.findElement(By.id("login")).getAttribute("error") != null
                    && Boolean.FALSE.equals(browser.executeScript("return document.querySelector('vaadin-login-form').disabled")));
            assertTrue(browser.getCurrentUrl().contains("/login"), "a wrong password stays out");

            signIn(browser, wait, "alice", ALICE_PASSWORD);
            wait.until(d -> d.getCurrentUrl().endsWith("/indexes") && cellShown(d, "auth-console"));
            assertFalse(cellShown(browser, "web-console"), "an index she may not read is not listed");
            assertTrue(browser.findElements(By.id("close")).stream().noneMatch(WebElement::isDisplayed), "a reader is shown no actions");

            assertTrue(browser.getCurrentUrl().startsWith(https), browser.getCurrentUrl());
            browser.get(https + "/?index=*&range=24h&q=console");
            wait.until(d -> d.findElement(By.id("status")).getText().matches("1 hit in .*"));

            browser.findElement(By.id("sign-out")).click();
            wait.until(d -> d.getCurrentUrl().contains("/login"));
            browser.get(https + "/oplog");
            wait.until(d -> d.getCurrentUrl().contains("/login"));
            assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
        }
    }

    private static void signIn(ChromeDriver browser, WebDriverWait wait, String user, String password) {
        WebElement name = wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//vaadin-text-field[@name='username']//input")));
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.findElement(By.xpath("//vaadin-password-field[@name='password']//input"));
        secret.clear();
        secret.sendKeys(password + Keys.ENTER);
    }

    private static boolean cellShown(org.openqa.selenium.WebDriver browser, String text) {
        return browser.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> c.isDisplayed() && c.getText().trim().equals(text));
    }

    /** Last (it spends this address's allowance of refused credentials): guessing passwords is slowed to a crawl. */
    @Test
    @Order(Integer.MAX_VALUE)
    void guessingPasswordsIsRefusedAfterAFewTries() throws Exception {
        Http guesser = anonymous.as(Http.basic("admin", "guess-0"));
        Http.Answer last = null;
        for (int i = 0; i < 30; i++) {
            last = guesser.get("/api/indexes");
            if (last.status() == 429) {
                break;
            }
            assertEquals(401, last.status(), last.body());
        }
        assertEquals(429, last.status(), "at most 20 refusals in a row: " + last.body());
        assertTrue(Long.parseLong(last.header("Retry-After")) >= 1, last.header("Retry-After"));
        assertEquals(200, admin.get("/api/indexes").status(), "valid credentials still work from there");
    }

    /** The whole oplog as the admin reads it, once it holds {@code text} (or after 20 s). */
    private static String oplogOnceItHas(String text) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        String oplog = admin.get("/api/oplog?size=10000").body();
        while (!oplog.contains(text) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            oplog = admin.get("/api/oplog?size=10000").body();
        }
        return oplog;
    }

    private static void ok(Http.Answer answer) {
        ok(answer, 200);
    }

    private static void ok(Http.Answer answer, int status) {
        assertEquals(status, answer.status(), answer.body());
    }

    private static JsonObject created(Http.Answer answer) {
        assertEquals(201, answer.status(), answer.body());
        return answer.json();
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
