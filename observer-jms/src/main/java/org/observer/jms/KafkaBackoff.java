package org.observer.jms;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a delivery waits before it gives its message back to the broker while Kafka cannot take
 * logs, shared by all instances of the bean: as long as the outage has lasted, at least 1 s and at
 * most 30 s, so the tries of all instances come about 1, 2, 4, 8 … 30 s apart however many there
 * are. Without it every instance would take a message, fail and hand it back as fast as the broker
 * redelivers.
 */
@ApplicationScoped
public class KafkaBackoff {

    static final long MIN_MILLIS = 1000;
    static final long MAX_MILLIS = 30_000;

    /** When the current outage began (epoch millis), 0 when Kafka took the last log. */
    private final AtomicLong outageSince = new AtomicLong();

    /** Whether Kafka failed the last time: a delivery then first asks whether Kafka answers again. */
    boolean isBackingOff() {
        return outageSince.get() != 0;
    }

    /** @return true if this success ended an outage */
    boolean succeeded() {
        return outageSince.getAndSet(0) != 0;
    }

    /**
     * Notes the failure and waits the time the outage calls for.
     *
     * @return true if this failure began the outage
     */
    boolean failedAndWait() {
        long now = System.currentTimeMillis();
        boolean began = outageSince.compareAndSet(0, now);
        try {
            Thread.sleep(delayMillis(now - outageSince.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return began;
    }

    static long delayMillis(long outageMillis) {
        return Math.min(MAX_MILLIS, Math.max(MIN_MILLIS, outageMillis));
    }
}
