package org.observer.it.ear;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;

/**
 * A client of Payara Server's built-in broker (Open Message Queue on port 7676), from outside the
 * server as any JMS application would be: the broker's own client, imq.jar, which failsafe puts on
 * the class path from the unpacked server; it is loaded by name so the Micro tests, which share this
 * module's compilation, need not have it.
 */
final class BrokerClient {

    /** The queues' names in the broker (the application defines them as jms/observer/logs and its .dlq). */
    static final String LOGS = "ObserverLogs";
    static final String DEAD_LETTERS = "ObserverLogsDLQ";

    private BrokerClient() {
    }

    static JMSContext connect(int sessionMode) throws Exception {
        ConnectionFactory factory = (ConnectionFactory) Class.forName("com.sun.messaging.ConnectionFactory")
                .getConstructor().newInstance();
        factory.getClass().getMethod("setProperty", String.class, String.class)
                .invoke(factory, "imqAddressList", "mq://127.0.0.1:7676/jms");
        return factory.createContext("admin", "admin", sessionMode);
    }
}
