package org.observer.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ingest and searches from a background thread while the test kills or freezes a node: posts
 * {@code _bulk} requests (no refresh: acknowledged means Kafka has them) round-robin over some nodes
 * and indexes, and between two posts searches one index on one node, checking the answer against
 * what was sent so far. One thread does both, so nothing is in flight while a search runs: a
 * search may count fewer logs than were acknowledged (not indexed yet, or partial, saying so), but
 * never more than were sent, and never fewer partitions than it admits.
 */
final class ClusterLoad implements AutoCloseable {

    private static final int BATCH = 50;
    /** Keeps the load light enough for 2 cores that are also rebuilding partitions. */
    private static final long PAUSE_MILLIS = 50;

    private final SentLogs logs;
    private final List<String> indexes;
    private final List<ClusterNode> postTo;
    private final List<ClusterNode> searchOn;
    private final List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;
    private int posts;
    private int postsNotAcknowledged;
    private int searches;
    private int partialAnswers;
    private int unavailableAnswers;
    private long slowestSearchMillis;

    private ClusterLoad(SentLogs logs, List<String> indexes, List<ClusterNode> postTo, List<ClusterNode> searchOn) {
        this.logs = logs;
        this.indexes = List.copyOf(indexes);
        this.postTo = List.copyOf(postTo);
        this.searchOn = new CopyOnWriteArrayList<>(searchOn);
        this.thread = new Thread(this::run, "cluster-load");
    }

    static ClusterLoad start(SentLogs logs, List<String> indexes, List<ClusterNode> postTo, List<ClusterNode> searchOn) {
        ClusterLoad load = new ClusterLoad(logs, indexes, postTo, searchOn);
        load.thread.start();
        return load;
    }

    /** From now on searches go to {@code node} too. */
    void searchAlsoOn(ClusterNode node) {
        searchOn.add(node);
    }

    /** Stops after the request in flight and waits for the thread. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    /** The wrong answers seen (empty when all were right or merely late/partial). */
    List<String> wrongAnswers() {
        return List.copyOf(wrong);
    }

    int partialAnswers() {
        return partialAnswers;
    }

    int unavailableAnswers() {
        return unavailableAnswers;
    }

    int postsNotAcknowledged() {
        return postsNotAcknowledged;
    }

    String summary() {
        return String.format("%d posts (%d not acknowledged), %d searches (%d partial, %d answered 503),"
                        + " slowest search %d ms", posts, postsNotAcknowledged, searches, partialAnswers,
                unavailableAnswers, slowestSearchMillis);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void run() {
        for (int i = 0; running; i++) {
            try {
                post(postTo.get(i % postTo.size()), indexes.get(i % indexes.size()));
                // another stride through the indexes, so each node is asked about each index
                search(searchOn.get(i % searchOn.size()), indexes.get((i * 7 + 3) % indexes.size()));
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                wrong.add("load thread: " + e);
            }
        }
    }

    private void post(ClusterNode node, String index) throws InterruptedException {
        SentLogs.Batch batch = logs.next(index, BATCH);
        posts++;
        try {
            Http.Answer answer = node.http().post("/api/logs/" + index + "/_bulk", batch.ndjson());
            logs.answered(batch, answer);
            if (answer.status() != 202) {
                postsNotAcknowledged++;
            }
        } catch (IOException e) {
            logs.unanswered(batch);
            postsNotAcknowledged++;
        }
    }

    private void search(ClusterNode node, String index) throws InterruptedException {
        long sent = logs.sent(index); // nothing is in flight: the most this search may count
        long started = System.nanoTime();
        searches++;
        try {
            Http.Answer answer = node.http().get("/api/search?size=0&q=&index=" + Http.enc(index));
            slowestSearchMillis = Math.max(slowestSearchMillis, (System.nanoTime() - started) / 1_000_000);
            if (answer.status() == 503) {
                unavailableAnswers++;
                return;
            }
            if (answer.status() != 200) {
                wrong.add(node + " answered " + answer.status() + " for " + index + ": " + answer.body());
                return;
            }
            SearchCount count = SearchCount.of(answer.json());
            partialAnswers += count.partial() ? 1 : 0;
            String why = count.wrong(sent);
            if (why != null) {
                wrong.add(node + " on " + index + ": " + why + " (" + count + ")");
            }
        } catch (IOException e) {
            wrong.add(node + " did not answer a search on " + index + " within its timeout: " + e);
        }
    }
}
