package org.observer.jms;

/**
 * The names of the bridge's queues and of the message properties it reads and writes. The queues are
 * defined by the application ({@link LogQueueConsumer}'s annotations), so deploying the EAR is all it
 * takes: Payara creates them in its built-in broker. Their JNDI names are global, for other
 * applications on the server; a client outside the server names them by their broker names.
 */
public final class LogQueues {

    public static final String LOGS = "java:global/jms/observer/logs";
    public static final String DEAD_LETTERS = "java:global/jms/observer/logs.dlq";
    /** Broker names allow letters, digits, _ and $ only. */
    public static final String LOGS_BROKER_NAME = "ObserverLogs";
    public static final String DEAD_LETTERS_BROKER_NAME = "ObserverLogsDLQ";

    /** String property naming the index of a log. */
    public static final String INDEX_PROPERTY = "index";
    /** String property of a dead letter: why it could not be stored. */
    public static final String REASON_PROPERTY = "reason";
    /** String property of a dead letter: its JMS message id on {@link #LOGS}. */
    public static final String ORIGINAL_ID_PROPERTY = "originalMessageId";
    /** Int property of a dead letter: how often it was delivered before it was given up. */
    public static final String DELIVERIES_PROPERTY = "deliveries";

    private LogQueues() {
    }
}
