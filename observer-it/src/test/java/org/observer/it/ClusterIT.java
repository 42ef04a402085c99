package org.observer.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.observer.launcher.EmbeddedKafka;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three real nodes (a, b, c: Payara Micro JVMs with the WAR) on one real broker of their own, whose
 * {@code observer.ingest} has six partitions that the nodes share through the consumer group. Logs
 * go in through any node, searches are asked of every node, and every count is checked against what
 * the test itself got acknowledged ({@link SentLogs}); then node b is killed with -9 during ingest
 * and restarted, and node c is frozen with SIGSTOP past the session timeout and thawed. The
 * scenarios run in order on one cluster, booted once; after a failure the next ones are skipped
 * (they would only fail for the same reason), except after one marked {@link Independent}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterIT {

    private static final Path IT_DIR = Path.of(System.getProperty("observer.it.dir"));
    private static final int PARTITIONS = 6;
    private static final List<String> NAMES = List.of("a", "b", "c");
    private static final Duration BOOT = Duration.ofSeconds(240);
    /** How long the cluster has to form once all three are ready. */
    private static final Duration FORM = Duration.ofSeconds(90);
    /** How long it has to answer completely and exactly again after a fault (or a rejoin). */
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** How long it has to answer completely and exactly again after its busiest node is killed: a standby takes over. */
    private static final Duration PROMOTE = Duration.ofSeconds(20);
    /**
     * Ten indexes whose names hash onto all six partitions under Kafka's default partitioner
     * (murmur2 of the key, the index name, mod 6): 0 web-…-09, 1 web-…-01/05/06/07, 2 web-…-02/04,
     * 3 app-2025-07-03, 4 web-…-03, 5 web-…-08. So every node owns some of them.
     */
    private static final List<String> INDEXES = List.of("web-2025-07-01", "web-2025-07-02", "web-2025-07-03",
            "web-2025-07-04", "web-2025-07-05", "web-2025-07-06", "web-2025-07-07", "web-2025-07-08",
            "web-2025-07-09", "app-2025-07-03");
    private static final List<String> WEB = INDEXES.stream().filter(i -> i.startsWith("web-")).toList();
    /** The {@code web-*} prefix needs a time range: these nine days. */
    private static final String WEB_RANGE = "&from=2025-07-01T00:00:00Z&to=2025-07-10T00:00:00Z";
    /** Matches OBSERVER_INGEST_SPREAD: its logs go to every partition, not to one by its name. */
    private static final String SPREAD = "spread-logs";
    private static final List<String> ALL = concat(INDEXES, List.of(SPREAD));

    /** A scenario whose failure leaves the cluster as the following scenarios need it: they still run. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Independent {
    }

    private static EmbeddedKafka kafka;
    private static ClusterNode a;
    private static ClusterNode b;
    private static ClusterNode c;
    /** The node the kill scenario killed (and the restart scenario starts again). */
    private static ClusterNode victim;
    private static List<ClusterNode> nodes = List.of();
    private static SentLogs logs;
    private static Thread killOnExit;
    private static volatile String failedScenario;

    @RegisterExtension
    static final TestWatcher SKIP_AFTER_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (failedScenario == null && !context.getRequiredTestMethod().isAnnotationPresent(Independent.class)) {
                failedScenario = context.getRequiredTestMethod().getName();
            }
            printLogs();
        }
    };

    @BeforeAll
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    static void startCluster() throws Exception {
        Path dir = Files.createDirectories(IT_DIR.resolve("cluster-" + System.currentTimeMillis()));
        Path launcher = Path.of(System.getProperty("observer.launcher.home"));
        killOnExit = new Thread(ClusterIT::stopCluster, "cluster-it-cleanup");
        Runtime.getRuntime().addShutdownHook(killOnExit); // a killed test JVM leaves no node behind
        long started = System.nanoTime();
        kafka = new EmbeddedKafka(dir.resolve("kafka"), ClusterNode.freePortPair(), launcher.resolve("runtime"), launcher.resolve("lib"))
                .start(Duration.ofSeconds(120));
        System.out.printf("[cluster] broker %s ready in %.1f s (data under %s)%n", kafka.bootstrap(), seconds(started), dir);
        Map<String, String> env = Map.of(
                "OBSERVER_KAFKA_BOOTSTRAP", kafka.bootstrap(),
                "OBSERVER_INGEST_PARTITIONS", String.valueOf(PARTITIONS),
                "OBSERVER_INGEST_SPREAD", "spread-*",
                "OBSERVER_CLUSTER_SECRET", "it-secret");
        a = new ClusterNode("a", dir, env);
        b = new ClusterNode("b", dir, env);
        c = new ClusterNode("c", dir, env);
        nodes = List.of(a, b, c);
        logs = new SentLogs();
        for (ClusterNode node : nodes) {
            node.start();
        }
        awaitReady(nodes);
    }

    @AfterAll
    static void stopCluster() {
        for (ClusterNode node : nodes) {
            node.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        try {
            if (killOnExit != null && Thread.currentThread() != killOnExit) {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            }
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    @BeforeEach
    void skipAfterAFailure() {
        assumeTrue(failedScenario == null, () -> "skipped: " + failedScenario + " failed before");
    }

    @Test
    @Order(1)
    void threeNodesFormAClusterThatOwnsEveryPartition() throws Exception {
        long started = System.nanoTime();
        long deadline = started + FORM.toNanos();
        for (ClusterNode node : nodes) {
            awaitFormed(node, deadline);
        }
        ClusterView view = view(a);
        System.out.printf("[cluster] formed %.1f s after all were ready: %s%n", seconds(started), view);
    }

    @Test
    @Order(2)
    void logsPostedToAnyNodeAreFoundExactlyOnceFromEveryNode() throws Exception {
        long started = System.nanoTime();
        int request = 0;
        for (int round = 0; round < 4; round++) {
            for (String index : INDEXES) {
                ClusterNode node = nodes.get(request++ % nodes.size());
                postAndWait(node, index, 100);
                assertTrue(seconds(started) < 180, "ingest is too slow: " + request + " requests took "
                        + seconds(started) + " s (each waits for its logs to be searchable)");
            }
        }
        Map<String, Set<Integer>> where = new TreeMap<>();
        INDEXES.forEach(index -> where.put(index, logs.partitions(index)));
        System.out.printf("[cluster] %d logs into %d indexes through a, b and c in turn (refresh=wait_for) in %.1f s;"
                + " partitions %s%n", logs.acknowledged(INDEXES), INDEXES.size(), seconds(started), where);

        for (ClusterNode node : nodes) {
            for (String index : INDEXES) {
                assertExact(node, "index=" + Http.enc(index), List.of(index));
            }
            // a prefix, with the range it needs, and a histogram and terms count over it
            JsonObject web = assertExact(node, "index=" + Http.enc("web-*") + WEB_RANGE + "&histogram=1d&terms=source", WEB);
            assertEquals(logs.acknowledgedByDay(WEB), histogramByDay(web), node + ": logs per day of web-*");
            assertEquals(logs.acknowledgedBySource(WEB), termCounts(web, "source"), node + ": terms=source of web-*");
            // several names, no range: the same terms count over all ten
            JsonObject all = assertExact(node, "index=" + Http.enc(String.join(",", INDEXES)) + "&terms=source", INDEXES);
            assertEquals(logs.acknowledgedBySource(INDEXES), termCounts(all, "source"), node + ": terms=source");
        }
        int pages = assertExactlyOnce(c, INDEXES, 300);
        for (ClusterNode node : nodes) {
            assertIndexesListed(node);
        }
        System.out.printf("[cluster] every node counts every index exactly; %d pages of 300 on c hold each line once%n", pages);
        assertMemoryShown(a);
    }

    @Test
    @Order(3)
    @Independent
    void spreadIndexIsWrittenToManyPartitionsAndCountedExactly() throws Exception {
        for (int i = 0; i < 12; i++) {
            postAndWait(nodes.get(i % nodes.size()), SPREAD, 100);
        }
        Set<Integer> partitions = logs.partitions(SPREAD);
        System.out.printf("[cluster] %d logs into %s through a, b and c: on partitions %s%n",
                logs.acknowledged(SPREAD), SPREAD, partitions);
        assertTrue(partitions.size() > 1, SPREAD + " matches OBSERVER_INGEST_SPREAD but all its logs went to "
                + partitions + " (the _bulk items' \"partition\")");
        for (ClusterNode node : nodes) {
            SearchCount count = SearchCount.of(assertExact(node, "index=" + SPREAD, List.of(SPREAD)));
            assertTrue(count.partitions() >= partitions.size(), node + ": " + SPREAD + " lives on " + partitions
                    + " but the search asked " + count.partitions() + " partitions");
        }
        assertExactlyOnce(a, List.of(SPREAD), 500);
    }

    @Test
    @Order(4)
    void killedBusiestNodesPartitionsArePromotedOnTheSurvivorsWithoutReplay() throws Exception {
        ClusterView before = view(a);
        victim = nodes.stream().max(java.util.Comparator.comparingInt((ClusterNode n) -> before.ownedBy(n.toString()).size())
                .thenComparing(ClusterNode::toString, java.util.Comparator.reverseOrder())).orElseThrow();
        List<ClusterNode> survivors = nodes.stream().filter(n -> n != victim).toList();
        Set<Integer> lost = before.ownedBy(victim.toString());
        long killed;
        Instant killedAt;
        try (ClusterLoad load = ClusterLoad.start(logs, ALL, survivors, survivors)) {
            Thread.sleep(3000);
            killedAt = Instant.now();
            victim.kill();
            killed = System.nanoTime();
            System.out.printf("[cluster] %s killed with -9 during ingest and searches; it owned partitions %s (%s)%n",
                    victim, lost, before);
            Thread.sleep(6000); // through the survivors to the victim's partitions while nobody reads them
            load.stop();
            System.out.printf("[cluster] load during the kill: %s; %d logs acknowledged in all, %d unanswered%n",
                    load.summary(), logs.acknowledged(ALL), logs.unanswered());
            assertNoWrongAnswer(load);
        }
        awaitExact(survivors, killed + PROMOTE.toNanos());
        System.out.printf("[cluster] failover: searches on the survivors complete and exact %.1f s after the kill%n",
                seconds(killed));
        System.out.printf("[cluster] after the failover: %s%n", view(survivors.get(0)));
        for (ClusterNode node : survivors) {
            assertExactlyOnce(node, List.of(indexOn(lost), SPREAD), 1000);
        }
        // Each lost partition goes to its standby (once the group's session has timed out), which
        // goes on from its own copy: no replay. Meanwhile the copies answered for them.
        Map<Integer, String> taken = new TreeMap<>();
        while (!taken.keySet().equals(lost) && System.nanoTime() < killed + PROMOTE.toNanos()) {
            Thread.sleep(500);
            Http.Answer oplog = survivors.get(0).http().get("/api/oplog?size=10000&from=" + killedAt);
            assertEquals(200, oplog.status(), oplog.body());
            for (JsonObject entry : oplog.json().getJsonArray("entries").getValuesAs(JsonObject.class)) {
                String action = entry.getString("action");
                if ((action.equals("promoted") || action.equals("assigned")) && entry.get("partition") instanceof jakarta.json.JsonNumber p
                        && lost.contains(p.intValue())) {
                    taken.putIfAbsent(p.intValue(), action + " on " + entry.getString("node") + " from offset "
                            + entry.get("from_offset"));
                }
            }
        }
        System.out.printf("[cluster] the victim's partitions %.1f s after the kill: %s; %s%n", seconds(killed), taken,
                view(survivors.get(0)));
        assertEquals(lost, taken.keySet(), "every partition of " + victim + " taken over: " + taken);
        taken.forEach((partition, how) -> assertTrue(how.startsWith("promoted"),
                "partition " + partition + " was not promoted from a standby copy: " + how));
    }

    @Test
    @Order(5)
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // a boot, then a minute to rejoin
    void restartedNodeRejoinsAndGetsPartitionsBack() throws Exception {
        long started = System.nanoTime();
        victim.start();
        assertTrue(victim.awaitReady(BOOT), victim + " did not become ready after its restart; " + victim.log()
                + " ends:\n" + victim.tail(40));
        System.out.printf("[cluster] %s restarted (same name and data) and ready in %.1f s%n", victim, seconds(started));
        long ready = System.nanoTime();
        long deadline = ready + SETTLE.toNanos();
        for (ClusterNode node : nodes) {
            awaitFormed(node, deadline);
        }
        System.out.printf("[cluster] %s rejoined %.1f s after it was ready: %s%n", victim, seconds(ready), view(victim));
        awaitExact(nodes, deadline);
        System.out.printf("[cluster] searches on a, b and c complete and exact %.1f s after %s was ready%n",
                seconds(ready), victim);
        Set<Integer> owned = view(victim).ownedBy(victim.toString());
        if (!owned.isEmpty()) {
            assertExactlyOnce(victim, List.of(indexOn(owned), SPREAD), 1000);
        }
    }

    @Test
    @Order(6)
    void frozenNodeNeverAnswersForPartitionsItLost() throws Exception {
        Set<Integer> ofC = view(a).ownedBy("c");
        long thawed;
        try (ClusterLoad load = ClusterLoad.start(logs, ALL, List.of(a, b), List.of(a, b))) {
            Thread.sleep(2000);
            c.freeze();
            long frozen = System.nanoTime();
            System.out.printf("[cluster] c frozen (SIGSTOP) during ingest and searches; it owned partitions %s%n", ofC);
            Thread.sleep(20_000); // twice the session timeout: c's partitions move while it is stopped
            c.thaw();
            thawed = System.nanoTime();
            load.searchAlsoOn(c); // c wakes up believing it still owns them: it must not answer for them
            System.out.printf("[cluster] c thawed (SIGCONT) after %.1f s frozen%n", seconds(frozen));
            Thread.sleep(5000); // logs still come in to partitions c believed were its own
            load.stop();
            System.out.printf("[cluster] load during the freeze: %s; %d logs acknowledged in all, %d unanswered%n",
                    load.summary(), logs.acknowledged(ALL), logs.unanswered());
            assertNoWrongAnswer(load);
        }
        awaitExact(nodes, thawed + SETTLE.toNanos());
        System.out.printf("[cluster] searches on a, b and c complete and exact %.1f s after c was thawed: %s%n",
                seconds(thawed), view(a));
        for (ClusterNode node : nodes) {
            assertExactlyOnce(node, List.of(indexOn(ofC), SPREAD), 1000);
            assertIndexesListed(node);
        }
    }

    @Test
    @Order(7)
    void indexDeletedThroughAnyNodeStaysDeletedWhenItsPartitionIsRebuiltElsewhere() throws Exception {
        String gone = "gone-2025-07-01";
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            ndjson.append("{\"@timestamp\":\"2025-07-01T10:00:00Z\",\"message\":\"to be deleted ").append(i).append("\"}\n");
        }
        Http.Answer posted = a.http().post("/api/logs/" + gone + "/_bulk?refresh=wait_for", ndjson.toString());
        assertEquals(202, posted.status(), posted.body());
        int partition = posted.json().getJsonArray("items").getJsonObject(0).getInt("partition");
        String owner = NAMES.stream().filter(n -> {
            try {
                return view(a).ownedBy(n).contains(partition);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        ClusterNode other = nodes.stream().filter(n -> !n.toString().equals(owner)).findFirst().orElseThrow();
        for (ClusterNode node : nodes) {
            assertEquals(50, SearchCount.of(node.http().get("/api/search?size=0&index=" + gone).json()).total(), node.toString());
        }

        Http.Answer deleted = other.http().delete("/api/indexes/" + gone);
        assertEquals(200, deleted.status(), other + ": delete of an index on " + owner + "'s partition: " + deleted.body());
        for (ClusterNode node : nodes) {
            assertEquals(404, node.http().get("/api/search?size=0&index=" + gone).status(), node + " still finds " + gone);
        }

        // Its partition's new owner rebuilds the partition from the log: the delete's offsets keep it out.
        ClusterNode ownerNode = nodes.stream().filter(n -> n.toString().equals(owner)).findFirst().orElseThrow();
        List<ClusterNode> survivors = nodes.stream().filter(n -> n != ownerNode).toList();
        ownerNode.kill();
        long killed = System.nanoTime();
        awaitExact(survivors, killed + SETTLE.toNanos());
        for (ClusterNode node : survivors) {
            assertEquals(404, node.http().get("/api/search?size=0&index=" + gone).status(),
                    node + ": " + gone + " came back when partition " + partition + " was rebuilt");
        }
        System.out.printf("[cluster] %s deleted through %s; still deleted after %s's partition %d was rebuilt elsewhere%n",
                gone, other, owner, partition);
    }

    @Test
    @Order(8)
    @Timeout(value = 12, unit = TimeUnit.MINUTES) // four boots
    void rollingRestartUnderIngestAndSearchFailsNoSearchAndLosesNothing() throws Exception {
        for (ClusterNode node : nodes) {
            if (!node.isAlive()) { // the delete scenario left its partition's owner dead
                node.start();
                assertTrue(node.awaitReady(BOOT), node + " did not come back; " + node.log() + " ends:\n" + node.tail(40));
            }
        }
        long settled = System.nanoTime() + SETTLE.toNanos();
        for (ClusterNode node : nodes) {
            awaitFormed(node, settled);
        }
        awaitExact(nodes, settled);
        int partial = 0;
        for (ClusterNode node : nodes) {
            List<ClusterNode> others = nodes.stream().filter(n -> n != node).toList();
            try (ClusterLoad load = ClusterLoad.start(logs, ALL, others, others)) {
                Thread.sleep(2000);
                long stopping = System.nanoTime();
                node.stop();
                System.out.printf("[cluster] rolling restart: %s stopped cleanly in %.1f s%n", node, seconds(stopping));
                node.start();
                assertTrue(node.awaitReady(BOOT), node + " did not come back; " + node.log() + " ends:\n" + node.tail(40));
                long deadline = System.nanoTime() + SETTLE.toNanos();
                for (ClusterNode each : nodes) {
                    awaitFormed(each, deadline);
                }
                Thread.sleep(2000);
                load.stop();
                System.out.printf("[cluster] rolling restart: %s back in %.1f s; load meanwhile: %s%n", node,
                        seconds(stopping), load.summary());
                assertNoWrongAnswer(load);
                assertEquals(0, load.unavailableAnswers(), "searches answered 503 while " + node + " restarted");
                assertEquals(0, load.postsNotAcknowledged(), "posts not acknowledged while " + node + " restarted");
                // every partition keeps a copy that answers: the owner, its standby, or the node handing it over
                assertEquals(0, load.partialAnswers(), "searches said partial while " + node + " restarted");
                partial += load.partialAnswers();
            }
        }
        awaitExact(nodes, System.nanoTime() + SETTLE.toNanos());
        for (ClusterNode node : nodes) {
            assertExactlyOnce(node, ALL, 1000);
        }
        System.out.printf("[cluster] rolling restart of a, b and c: no search failed (%d said partial), %d logs acknowledged,"
                + " each found exactly once on every node: %s%n", partial, logs.acknowledged(ALL), view(a));
    }

    // ---- posting and checking

    /** Posts {@code count} logs with refresh=wait_for: 202 means every node can find them now. */
    private static void postAndWait(ClusterNode node, String index, int count) throws Exception {
        SentLogs.Batch batch = logs.next(index, count);
        Http.Answer answer = node.http().post("/api/logs/" + index + "/_bulk?refresh=wait_for", batch.ndjson());
        logs.answered(batch, answer);
        assertEquals(202, answer.status(), node + ": _bulk into " + index + ": " + answer.body());
    }

    /** Searches on {@code node}; the answer must be complete and count exactly the logs acknowledged for {@code indexes}. */
    private static JsonObject assertExact(ClusterNode node, String query, List<String> indexes) throws Exception {
        Http.Answer answer = node.http().get("/api/search?size=0&q=&" + query);
        assertEquals(200, answer.status(), node + ": " + query + ": " + answer.body());
        JsonObject json = answer.json();
        SearchCount count = SearchCount.of(json);
        String wrong = count.wrong(logs.sent(indexes));
        assertTrue(wrong == null, node + ": " + query + ": " + wrong);
        assertTrue(count.complete(), node + ": " + query + ": not complete: " + count);
        assertEquals(logs.acknowledged(indexes), count.total(), node + ": " + query + ": total");
        return json;
    }

    /**
     * Waits until every index counts, on every one of {@code nodes}, at least every acknowledged log
     * and at most every sent one, with every partition answering, and all of them the same number
     * (nothing is being written now). Any answer counting more than was sent, or fewer partitions
     * than it admits, fails at once.
     */
    private static void awaitExact(List<ClusterNode> nodes, long deadline) throws Exception {
        while (true) {
            String notYet = null;
            for (String index : ALL) {
                Map<String, Long> totals = new TreeMap<>();
                for (ClusterNode node : nodes) {
                    String why = notExact(node, index, totals);
                    notYet = notYet == null ? why : notYet;
                }
                if (notYet == null && totals.values().stream().distinct().count() > 1) {
                    notYet = index + " is counted differently: " + totals;
                }
            }
            if (notYet == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("not complete and exact in time: " + notYet);
            }
            Thread.sleep(500);
        }
    }

    /** Why {@code node}'s count of {@code index} is not exact yet, or null after putting it in {@code totals}. */
    private static String notExact(ClusterNode node, String index, Map<String, Long> totals) throws Exception {
        long acknowledged = logs.acknowledged(index);
        long sent = logs.sent(index);
        Http.Answer answer;
        try {
            answer = node.http().get("/api/search?size=0&q=&index=" + Http.enc(index));
        } catch (IOException e) {
            return node + " did not answer a search on " + index + ": " + e;
        }
        if (answer.status() != 200) {
            return node + " answered " + answer.status() + " for " + index + ": " + answer.body();
        }
        SearchCount count = SearchCount.of(answer.json());
        String wrong = count.wrong(sent);
        if (wrong != null) {
            fail(node + " on " + index + ": " + wrong + " (" + count + ")");
        }
        if (!count.exact(acknowledged, sent)) {
            return node + " on " + index + ": " + count + "; acknowledged " + acknowledged + ", sent " + sent;
        }
        totals.put(node.name, count.total());
        return null;
    }

    /**
     * Pages through every log of {@code indexes} on {@code node} with search_after: each acknowledged
     * line is there exactly once, and nothing that was never sent. Returns the number of pages.
     */
    private static int assertExactlyOnce(ClusterNode node, List<String> indexes, int pageSize) throws Exception {
        Map<Integer, Integer> found = new HashMap<>();
        String next = null;
        int pages = 0;
        long expectedPages = logs.sent(indexes) / pageSize + 2;
        do {
            Http.Answer answer = node.http().get("/api/search?q=&size=" + pageSize + "&index="
                    + Http.enc(String.join(",", indexes)) + (next == null ? "" : "&search_after=" + Http.enc(next)));
            assertEquals(200, answer.status(), node + ": page " + pages + ": " + answer.body());
            JsonObject page = answer.json();
            SearchCount count = SearchCount.of(page);
            assertTrue(count.complete(), node + ": page " + pages + " of " + indexes + " is not complete: " + count);
            for (JsonObject hit : page.getJsonArray("hits").getValuesAs(JsonObject.class)) {
                found.merge(Integer.parseInt(hit.getJsonObject("source").getString("line").substring(1)), 1, Integer::sum);
            }
            next = page.isNull("next") ? null : page.getString("next");
            assertTrue(++pages <= expectedPages, node + ": more than " + expectedPages + " pages for " + indexes);
        } while (next != null);

        Set<Integer> acknowledged = logs.acknowledgedLines(indexes);
        Set<Integer> unanswered = logs.unansweredLines(indexes);
        List<String> problems = new ArrayList<>();
        for (int line : acknowledged) {
            int times = found.getOrDefault(line, 0);
            if (times != 1) {
                problems.add("L" + line + " acknowledged, found " + times + " times");
            }
        }
        found.forEach((line, times) -> {
            if (times > 1 && !acknowledged.contains(line)) {
                problems.add("L" + line + " found " + times + " times");
            }
            if (!acknowledged.contains(line) && !unanswered.contains(line)) {
                problems.add("L" + line + " was never sent to " + indexes);
            }
        });
        if (!problems.isEmpty()) {
            fail(node + ": " + problems.size() + " problems paging through " + indexes + ", first: "
                    + problems.subList(0, Math.min(10, problems.size())));
        }
        return pages;
    }

    /** {@code GET /api/indexes} on {@code node} lists each index once with all its logs (a catalog may trail a little). */
    private static void assertIndexesListed(ClusterNode node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Http.Answer answer = node.http().get("/api/indexes");
            assertEquals(200, answer.status(), node + ": /api/indexes: " + answer.body());
            Map<String, List<Long>> listed = new TreeMap<>();
            for (JsonObject info : answer.json().getJsonArray("indexes").getValuesAs(JsonObject.class)) {
                listed.computeIfAbsent(info.getString("name"), n -> new ArrayList<>())
                        .add(info.getJsonNumber("documents").longValue());
            }
            String problem = null;
            for (String index : logs.indexes()) {
                List<Long> documents = listed.getOrDefault(index, List.of());
                if (documents.size() != 1) {
                    problem = index + " is listed " + documents.size() + " times";
                } else if (documents.get(0) < logs.acknowledged(index) || documents.get(0) > logs.sent(index)) {
                    problem = index + " has " + documents.get(0) + " documents; acknowledged "
                            + logs.acknowledged(index) + ", sent " + logs.sent(index);
                }
                if (problem != null) {
                    break;
                }
            }
            if (problem == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(node + ": /api/indexes: " + problem + " in " + listed);
            }
            Thread.sleep(500);
        }
    }

    private static void assertNoWrongAnswer(ClusterLoad load) {
        List<String> wrong = load.wrongAnswers();
        assertTrue(wrong.isEmpty(), wrong.size() + " wrong answers during the fault, first: "
                + wrong.subList(0, Math.min(5, wrong.size())));
    }

    // ---- the cluster's own view

    /**
     * Every node shows its memory budget (half its 1 GB heap by default) and what its OPEN indexes
     * hold, which is something once they hold logs (the figure is taken every 2 s: waits for it).
     */
    private static void assertMemoryShown(ClusterNode node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ClusterView view = view(node);
        while (view.nodes().values().stream().anyMatch(m -> m.memoryUsed() <= 0) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            view = view(node);
        }
        for (ClusterView.Member member : view.nodes().values()) {
            assertTrue(member.memoryBudget() >= 400L << 20 && member.memoryBudget() <= 600L << 20,
                    member + ": the default budget is half the heap");
            assertTrue(member.memoryUsed() > 0 && member.memoryUsed() < member.memoryBudget(),
                    member + ": its OPEN indexes hold memory, within the budget");
        }
        System.out.printf("[cluster] memory of OPEN indexes / budget: %s%n", view.nodes().values().stream()
                .map(m -> m.name() + " " + (m.memoryUsed() >> 10) + " KB / " + (m.memoryBudget() >> 20) + " MB").toList());
    }

    private static ClusterView view(ClusterNode node) throws Exception {
        Http.Answer answer = node.http().get("/api/cluster");
        assertEquals(200, answer.status(), node + ": GET /api/cluster: " + answer.body());
        return ClusterView.of(answer.json());
    }

    /**
     * Waits until {@code node}'s /api/cluster lists a, b and c UP, each owning a partition and every
     * partition owned. A 404 fails at once: the endpoint is not there and will not appear.
     */
    private static void awaitFormed(ClusterNode node, long deadline) throws Exception {
        String last = "no answer";
        while (true) {
            Http.Answer answer;
            try {
                answer = node.http().get("/api/cluster");
            } catch (IOException e) {
                answer = null;
                last = e.toString();
            }
            if (answer != null) {
                assertTrue(answer.status() != 404, node + ": GET /api/cluster answered 404: " + answer.body());
                if (answer.status() == 200) {
                    ClusterView view = ClusterView.of(answer.json());
                    String notFormed = view.notFormed(NAMES, PARTITIONS);
                    if (notFormed == null) {
                        notFormed = view.notReplicated(NAMES, PARTITIONS, 1);
                    }
                    if (notFormed == null) {
                        return;
                    }
                    last = notFormed + " in " + answer.body();
                } else {
                    last = answer.status() + " " + answer.body();
                }
            }
            if (System.nanoTime() > deadline) {
                fail(node + ": the cluster did not form in time: " + last);
            }
            Thread.sleep(500);
        }
    }

    /** An index (not the spread one) whose logs went to one of {@code partitions}. */
    private static String indexOn(Set<Integer> partitions) {
        for (String index : INDEXES) {
            if (logs.partitions(index).stream().anyMatch(partitions::contains)) {
                return index;
            }
        }
        return INDEXES.get(0);
    }

    // ---- aggregations

    private static Map<LocalDate, Long> histogramByDay(JsonObject answer) {
        Map<LocalDate, Long> days = new TreeMap<>();
        JsonObject histogram = answer.getJsonObject("aggregations").getJsonObject("histogram");
        for (JsonObject bucket : histogram.getJsonArray("buckets").getValuesAs(JsonObject.class)) {
            long count = bucket.getJsonNumber("count").longValue();
            if (count > 0) {
                days.put(LocalDate.ofInstant(Instant.parse(bucket.getString("start")), ZoneOffset.UTC), count);
            }
        }
        return days;
    }

    private static Map<String, Long> termCounts(JsonObject answer, String field) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonObject term : answer.getJsonObject("aggregations").getJsonObject("terms").getJsonArray(field)
                .getValuesAs(JsonObject.class)) {
            counts.put(term.getString("term"), term.getJsonNumber("count").longValue());
        }
        return counts;
    }

    // ---- processes

    /** Waits for the nodes booting side by side; prints when each was ready. */
    private static void awaitReady(List<ClusterNode> booting) throws Exception {
        long started = System.nanoTime();
        ExecutorService waiters = Executors.newFixedThreadPool(booting.size());
        try {
            Map<ClusterNode, Future<Double>> readyAfter = new HashMap<>();
            for (ClusterNode node : booting) {
                readyAfter.put(node, waiters.submit(() -> node.awaitReady(BOOT) ? seconds(started) : -1.0));
            }
            StringBuilder times = new StringBuilder();
            for (ClusterNode node : booting) {
                double seconds = readyAfter.get(node).get();
                assertTrue(seconds >= 0, node + " did not become ready (" + node.readiness() + "); " + node.log()
                        + " ends:\n" + node.tail(40));
                times.append(times.isEmpty() ? "" : ", ").append(node).append(String.format(" %.1f s", seconds));
            }
            System.out.printf("[cluster] %d nodes booted side by side, ready: %s%n", booting.size(), times);
        } finally {
            waiters.shutdownNow();
        }
    }

    private static void printLogs() {
        for (ClusterNode node : nodes) {
            System.out.printf("[cluster] %s's log: %s%n", node, node.log());
        }
    }

    /** A free port whose successor is free too (the broker's controller takes port + 1). */

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
