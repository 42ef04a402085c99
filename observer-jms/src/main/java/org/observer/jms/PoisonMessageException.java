package org.observer.jms;

/** A message that no number of deliveries can store; its message is the reason the dead letter carries. */
final class PoisonMessageException extends RuntimeException {

    PoisonMessageException(String reason) {
        super(reason, null, false, false);
    }
}
