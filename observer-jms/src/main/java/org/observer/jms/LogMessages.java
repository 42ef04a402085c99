package org.observer.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

/**
 * Reads a log out of a message: a {@link TextMessage} with the JSON text, and the index in the string
 * property {@value LogQueues#INDEX_PROPERTY}. The log itself is checked by the ingest path, as for
 * the HTTP API; what is checked here is what only a message can get wrong.
 */
final class LogMessages {

    /** The index and the JSON text a message carries. */
    record LogMessage(String index, String json) {
    }

    private LogMessages() {
    }

    /** @throws PoisonMessageException if the message can never hold a log, however often delivered */
    static LogMessage read(Message message) throws JMSException {
        if (!(message instanceof TextMessage text)) {
            throw new PoisonMessageException("a " + kind(message) + " holds no log: send a TextMessage with the JSON"
                    + " log and the string property '" + LogQueues.INDEX_PROPERTY + "'");
        }
        Object index = message.getObjectProperty(LogQueues.INDEX_PROPERTY);
        if (index == null) {
            throw new PoisonMessageException("no string property '" + LogQueues.INDEX_PROPERTY
                    + "': it names the index the log goes to");
        }
        if (!(index instanceof String name)) {
            throw new PoisonMessageException("the property '" + LogQueues.INDEX_PROPERTY + "' is a "
                    + index.getClass().getSimpleName() + ", not a string");
        }
        return new LogMessage(name, text.getText());
    }

    private static String kind(Message message) {
        if (message instanceof BytesMessage) {
            return "BytesMessage";
        }
        if (message instanceof MapMessage) {
            return "MapMessage";
        }
        if (message instanceof ObjectMessage) {
            return "ObjectMessage";
        }
        if (message instanceof StreamMessage) {
            return "StreamMessage";
        }
        return "Message without a body";
    }
}
