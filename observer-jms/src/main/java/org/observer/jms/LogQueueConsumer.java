package org.observer.jms;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.JMSDestinationDefinitions;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.observer.api.ObserverException;
import org.observer.ingest.KafkaIngestService;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes each log from {@code jms/observer/logs} and publishes it to {@code observer.ingest} with the
 * checks and the record of {@code POST /api/logs/{index}}, keyed by index, its JMS message id in a
 * header. The container's transaction commits the message off the queue only after Kafka
 * acknowledged the log (acks=all); when Kafka cannot take it the transaction rolls back after a
 * {@link KafkaBackoff back-off} and the broker delivers the message again. A delivery after Kafka's
 * acknowledgement but before the commit publishes the log twice; the processors store it once
 * ({@code MessageIdWindow}). Since a delivery waits for Kafka, up to 128 run side by side (the bean pool,
 * {@code META-INF/glassfish-ejb-jar.xml}): their logs share the producer's batches.
 *
 * <p>Poison goes to {@code jms/observer/logs.dlq} with its reason: at once when the message itself is
 * wrong (not a TextMessage, no index, an invalid name, not one JSON object, too big), or after
 * {@value #MAX_DELIVERIES} deliveries that failed otherwise; it never blocks the queue.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = LogQueues.LOGS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
})
@JMSDestinationDefinitions({
        @JMSDestinationDefinition(name = LogQueues.LOGS, interfaceName = "jakarta.jms.Queue",
                destinationName = LogQueues.LOGS_BROKER_NAME,
                description = "Logs to ingest: a TextMessage holding one JSON object, string property 'index'"),
        @JMSDestinationDefinition(name = LogQueues.DEAD_LETTERS, interfaceName = "jakarta.jms.Queue",
                destinationName = LogQueues.DEAD_LETTERS_BROKER_NAME,
                description = "Messages that cannot be stored, with the string property 'reason'")
})
public class LogQueueConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(LogQueueConsumer.class.getName());
    /** Deliveries of a message that fails for no known reason before it is given up as poison. */
    static final int MAX_DELIVERIES = 5;

    @Resource
    MessageDrivenContext container;

    @Inject
    KafkaIngestService ingest;

    @Inject
    KafkaBackoff backoff;

    @Inject
    DeadLetters deadLetters;

    @Override
    public void onMessage(Message message) {
        int deliveries = 1;
        try {
            deliveries = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
            LogMessages.LogMessage log = LogMessages.read(message);
            if (backoff.isBackingOff() && !ingest.isKafkaReachable()) {
                backOff("Kafka does not answer");
                return;
            }
            ingest.ingestOnce(log.index(), log.json(), message.getJMSMessageID());
            if (backoff.isBackingOff() && backoff.succeeded()) {
                LOG.info("Logs are stored again");
            }
        } catch (PoisonMessageException e) {
            deadLetter(message, e.getMessage(), deliveries);
        } catch (ObserverException e) {
            if (e.status() < 500) {
                deadLetter(message, e.getMessage(), deliveries); // what the HTTP API answers with a 4xx
            } else {
                backOff(e.getMessage()); // Kafka or the disk: not the message's fault, however often
            }
        } catch (JMSException | RuntimeException e) {
            if (deliveries >= MAX_DELIVERIES) {
                deadLetter(message, "failed " + deliveries + " deliveries, the last with " + e, deliveries);
            } else {
                LOG.log(Level.WARNING, "Message delivery " + deliveries + " of " + MAX_DELIVERIES + " failed; rolling back", e);
                container.setRollbackOnly();
            }
        }
    }

    private void backOff(String reason) {
        // the pool's instances all fail at once: say it once per outage
        LOG.log(backoff.isBackingOff() ? Level.FINE : Level.WARNING, () -> "Cannot store logs now (" + reason
                + "); backing off, the broker keeps the messages");
        backoff.failedAndWait();
        container.setRollbackOnly();
    }

    private void deadLetter(Message message, String reason, int deliveries) {
        try {
            deadLetters.send(message, reason, deliveries);
        } catch (JMSException | RuntimeException e) {
            // the message stays on the queue; the next delivery tries again
            LOG.log(Level.WARNING, "Could not move a message to the dead-letter queue; rolling back", e);
            container.setRollbackOnly();
        }
    }
}
