package org.observer.jms;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;

import java.util.Collections;
import java.util.logging.Logger;

/**
 * Moves a message that cannot be stored to {@code jms/observer/logs.dlq}, in the transaction that
 * consumes it: it leaves the inbound queue exactly when it arrives in the dead-letter queue. The dead
 * letter keeps the body and the properties, and adds the reason, the original message id and the
 * number of deliveries.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
    /** A reason is for people to read; a whole stack of causes is not. */
    private static final int MAX_REASON_CHARS = 1000;

    @Inject
    JMSContext context;

    @Resource(lookup = LogQueues.DEAD_LETTERS)
    Queue deadLetters;

    void send(Message message, String reason, int deliveries) throws JMSException {
        String shortReason = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
        JMSProducer producer = context.createProducer()
                .setProperty(LogQueues.REASON_PROPERTY, shortReason)
                .setProperty(LogQueues.ORIGINAL_ID_PROPERTY, message.getJMSMessageID())
                .setProperty(LogQueues.DELIVERIES_PROPERTY, deliveries);
        for (Object name : Collections.list(message.getPropertyNames())) {
            String property = (String) name;
            if (!property.startsWith("JMS") && !property.equals(LogQueues.REASON_PROPERTY)) {
                producer.setProperty(property, message.getObjectProperty(property));
            }
        }
        if (message instanceof TextMessage text) {
            producer.send(deadLetters, text.getText());
        } else if (message instanceof BytesMessage bytes) {
            producer.send(deadLetters, bytes.getBody(byte[].class));
        } else {
            producer.send(deadLetters, context.createMessage()); // the body is not a log: its properties tell what came
        }
        LOG.warning(() -> "Message " + id(message) + " moved to the dead-letter queue: " + shortReason);
    }

    private static String id(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }
}
