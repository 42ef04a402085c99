import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;

import java.util.Collections;

/**
 * Lists the messages in The Observer's dead-letter queue (jms/observer/logs.dlq) with why each could
 * not be stored, without taking them off the queue. Run it with the broker's own client jar:
 *
 *   java -cp payara6/mq/lib/imq.jar scripts/JmsDeadLetters.java
 *
 * The broker is Payara's built-in one at mq://127.0.0.1:7676 unless OBSERVER_JMS_BROKER names another.
 */
public class JmsDeadLetters {

    @SuppressWarnings("unchecked") // QueueBrowser's enumeration is raw
    public static void main(String[] args) throws Exception {
        String broker = System.getenv().getOrDefault("OBSERVER_JMS_BROKER", "mq://127.0.0.1:7676/jms");
        com.sun.messaging.ConnectionFactory factory = new com.sun.messaging.ConnectionFactory();
        factory.setProperty("imqAddressList", broker);
        int count = 0;
        try (JMSContext jms = ((ConnectionFactory) factory).createContext("guest", "guest");
             // the broker's name of jms/observer/logs.dlq
             QueueBrowser browser = jms.createBrowser(jms.createQueue("ObserverLogsDLQ"))) {
            for (Object element : Collections.list(browser.getEnumeration())) {
                Message message = (Message) element;
                count++;
                String body = message instanceof TextMessage text ? text.getText() : "(" + message.getClass().getSimpleName() + ")";
                if (body != null && body.length() > 120) {
                    body = body.substring(0, 120) + "…";
                }
                System.out.printf("%s index=%s deliveries=%s%n  reason: %s%n  body:   %s%n",
                        message.getStringProperty("originalMessageId"), message.getStringProperty("index"),
                        message.getObjectProperty("deliveries"), message.getStringProperty("reason"), body);
            }
        }
        System.out.println(count + " dead letter(s) in " + broker);
    }
}
