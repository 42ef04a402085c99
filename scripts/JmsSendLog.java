import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;

/**
 * Sends logs to The Observer's queue on Payara Server over JMS, as any Jakarta Messaging client does:
 * a TextMessage holding the JSON log, with the string property "index". Run it with the broker's own
 * client on the class path (Java 17, no build):
 *
 *   java -cp payara6/mq/lib/imq.jar scripts/JmsSendLog.java INDEX JSON [COUNT]
 *
 * COUNT copies (default 1) are sent in transactions of 500 and the rate is printed. The broker is
 * Payara's built-in one at mq://127.0.0.1:7676 unless OBSERVER_JMS_BROKER names another address.
 */
public class JmsSendLog {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -cp payara6/mq/lib/imq.jar scripts/JmsSendLog.java INDEX JSON [COUNT]");
            System.exit(2);
        }
        String index = args[0];
        String json = args[1];
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String broker = System.getenv().getOrDefault("OBSERVER_JMS_BROKER", "mq://127.0.0.1:7676/jms");

        com.sun.messaging.ConnectionFactory factory = new com.sun.messaging.ConnectionFactory();
        factory.setProperty("imqAddressList", broker);
        long started = System.nanoTime();
        try (JMSContext jms = ((ConnectionFactory) factory).createContext("guest", "guest", JMSContext.SESSION_TRANSACTED)) {
            // the broker's name of jms/observer/logs (the application defines the queue)
            Queue logs = jms.createQueue("ObserverLogs");
            JMSProducer producer = jms.createProducer().setProperty("index", index);
            for (int i = 1; i <= count; i++) {
                producer.send(logs, json);
                if (i % 500 == 0) {
                    jms.commit();
                }
            }
            jms.commit();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("sent %d log(s) to %s for index %s in %.1f s%n", count, broker, index, seconds);
    }
}
