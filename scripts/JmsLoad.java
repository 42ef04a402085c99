import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the Jakarta Messaging bridge: SENDERS clients (each its own connection) send COUNT distinct
 * logs to The Observer's queue in transactions of BATCH, as fast as the broker takes them, while the
 * logs searchable in INDEX are counted every 250 ms until all are there. Prints how long sending took
 * and how long it took from the first send until every log was searchable (JMS → searchable), and how fast the
 * logs still queued when sending ended became searchable (the bridge alone). Run it
 * with the broker's own client on the class path (Java 17, no build):
 *
 *   java -cp payara6/mq/lib/imq.jar scripts/JmsLoad.java INDEX [COUNT [SENDERS [BATCH]]]
 *
 * Defaults: 100000 logs, 4 senders, transactions of 1000. Use a new index each run: the count must
 * start from zero. The broker is mq://127.0.0.1:7676 unless OBSERVER_JMS_BROKER names another
 * address; the server is http://localhost:8080 unless OBSERVER_URL names another; the count is searched
 * as OBSERVER_CREDENTIALS (user:password, HTTP Basic) when the server has security on.
 */
public class JmsLoad {

    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -cp payara6/mq/lib/imq.jar scripts/JmsLoad.java INDEX [COUNT [SENDERS [BATCH]]]");
            System.exit(2);
        }
        String index = args[0];
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        String broker = System.getenv().getOrDefault("OBSERVER_JMS_BROKER", "mq://127.0.0.1:7676/jms");
        String server = System.getenv().getOrDefault("OBSERVER_URL", "http://localhost:8080");
        URI countUri = URI.create(server + "/api/search?index=" + index + "&size=0");
        HttpClient http = HttpClient.newHttpClient();
        if (searchable(http, countUri) != 0) {
            System.err.println("index " + index + " already holds logs: name a new one");
            System.exit(2);
        }

        com.sun.messaging.ConnectionFactory factory = new com.sun.messaging.ConnectionFactory();
        factory.setProperty("imqAddressList", broker);
        AtomicLong lastSent = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int s = 0; s < senders; s++) {
            int first = (int) ((long) count * s / senders);
            int end = (int) ((long) count * (s + 1) / senders);
            Thread thread = new Thread(() -> {
                try (JMSContext jms = ((ConnectionFactory) factory).createContext("guest", "guest", JMSContext.SESSION_TRANSACTED)) {
                    Queue logs = jms.createQueue("ObserverLogs"); // the broker's name of jms/observer/logs
                    JMSProducer producer = jms.createProducer().setProperty("index", index);
                    for (int n = first; n < end; n++) {
                        producer.send(logs, "{\"message\":\"load test log " + n + " of " + index + "\",\"seq\":" + n + "}");
                        if ((n - first) % batch == batch - 1) {
                            jms.commit();
                        }
                    }
                    jms.commit();
                    lastSent.accumulateAndGet(System.nanoTime(), Math::max);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "sender-" + s);
            thread.start();
            threads.add(thread);
        }

        long total = 0;
        long seenAt = started;
        long atLastSend = -1; // searchable at the first count after the last sender committed everything
        long lastSendSeen = 0;
        while (true) {
            Thread.sleep(250); // a count costs the server a search: not more often
            boolean sending = threads.stream().anyMatch(Thread::isAlive);
            long now = searchable(http, countUri);
            if (now != total) {
                total = now;
                seenAt = System.nanoTime();
            }
            if (!sending && atLastSend < 0) {
                atLastSend = total;
                lastSendSeen = System.nanoTime();
            }
            if (!sending && (total >= count || System.nanoTime() - seenAt > 60_000_000_000L)) {
                break; // all there, or nothing new for a minute
            }
        }
        for (Throwable failure : failures) {
            failure.printStackTrace();
        }
        double sendSeconds = (lastSent.get() - started) / 1e9;
        double searchableSeconds = (seenAt - started) / 1e9;
        System.out.printf("%d senders sent %d log(s) in transactions of %d in %.1f s (%.0f logs/s)%n",
                senders, count, batch, sendSeconds, count / sendSeconds);
        System.out.printf("%d of them searchable in %s %.1f s after the first send: %.0f logs/s JMS -> searchable%n",
                total, index, searchableSeconds, total / searchableSeconds);
        double drainSeconds = (seenAt - lastSendSeen) / 1e9;
        if (drainSeconds > 1) {
            // what the queue still held when sending ended, taken by the bridge alone: its own pace
            System.out.printf("after the last send, %d more became searchable in %.1f s: %.0f logs/s%n", total - atLastSend,
                    drainSeconds, (total - atLastSend) / drainSeconds);
        }
        System.exit(total == count && failures.isEmpty() ? 0 : 1);
    }

    private static long searchable(HttpClient http, URI countUri) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(countUri);
        String credentials = System.getenv("OBSERVER_CREDENTIALS");
        if (credentials != null && !credentials.isEmpty()) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return 0; // the index does not exist yet
        }
        Matcher total = TOTAL.matcher(answer.body());
        if (answer.statusCode() != 200 || !total.find()) {
            throw new IllegalStateException("search answered " + answer.statusCode() + ": " + answer.body());
        }
        return Long.parseLong(total.group(1));
    }
}
