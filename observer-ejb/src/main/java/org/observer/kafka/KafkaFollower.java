package org.observer.kafka;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A container-managed thread that follows Kafka with a consumer of its own (node announcements,
 * templates, the oplog archive, standby copies): each life of the consumer runs until the node
 * stops or fails; a failure is logged (a warning once per outage, then quietly) and the next life
 * begins a second later. {@link #stop} wakes the consumer up and waits for the thread.
 */
public final class KafkaFollower {

    /** One life of the consumer; it registers its consumer with {@link #follow} and loops while {@link #running}. */
    @FunctionalInterface
    public interface Life {
        void run() throws Exception;
    }

    private static final long RETRY_MS = 1000;

    private final String name;
    private final Logger log;
    private final String failure;
    private final Life life;
    private volatile boolean running;
    private volatile KafkaConsumer<?, ?> consumer;
    private Thread thread;
    /** Set once a failure was logged as a warning, cleared once Kafka answers again. */
    private volatile boolean warned;

    /**
     * @param name    the thread's name
     * @param failure what a failure means, for the log ("Reading observer.nodes failed; retrying")
     */
    public KafkaFollower(String name, Logger log, String failure, Life life) {
        this.name = name;
        this.log = log;
        this.failure = failure;
        this.life = life;
    }

    public void start(ManagedThreadFactory threads) {
        running = true;
        thread = threads.newThread(this::run);
        thread.setName(name);
        thread.start();
    }

    /**
     * Stops the thread and waits for it (up to 10 s).
     *
     * @param interrupt also interrupt it, for a life that waits on something other than the consumer
     */
    public void stop(boolean interrupt) {
        running = false;
        KafkaConsumer<?, ?> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (interrupt) {
            thread.interrupt();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean running() {
        return running;
    }

    /** The consumer of this life, which {@link #stop} wakes up; returned for chaining. */
    public <C extends KafkaConsumer<?, ?>> C follow(C consumer) {
        this.consumer = consumer;
        return consumer;
    }

    /** Kafka answered: the next failure is a new outage, warned of again. */
    public void answered() {
        warned = false;
    }

    private void run() {
        while (running) {
            try {
                life.run();
            } catch (WakeupException e) {
                // stop() woke us
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    log.log(warned ? Level.FINE : Level.WARNING, failure, e);
                    warned = true;
                    try {
                        Thread.sleep(RETRY_MS);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            } finally {
                consumer = null;
            }
        }
    }
}
