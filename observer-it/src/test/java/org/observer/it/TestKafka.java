package org.observer.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.observer.launcher.EmbeddedKafka;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One real Kafka broker for the whole test run: the same embedded broker the launcher runs in
 * production, in its own JVM, started before the first test and stopped after the last. Every
 * Payara the tests start inherits OBSERVER_KAFKA_BOOTSTRAP pointing at it (see the failsafe setup).
 */
public class TestKafka implements LauncherSessionListener {

    private static EmbeddedKafka kafka;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String home = System.getProperty("observer.launcher.home");
        if (home == null) {
            return; // not under failsafe
        }
        try {
            Path launcher = Path.of(home);
            int port = Integer.getInteger("observer.it.kafka.port", 19092);
            kafka = new EmbeddedKafka(Path.of(System.getProperty("observer.it.dir"), "kafka"), port,
                    launcher.resolve("runtime"), launcher.resolve("lib"));
            kafka.start(Duration.ofSeconds(120));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test Kafka broker", e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Stops the run's broker as an operator would (its data stays); {@link #startAgain()} brings it back. */
    public static void stop() {
        kafka.close();
    }

    /** Starts the stopped broker again on its port, with its data. */
    public static void startAgain() throws Exception {
        kafka.start(Duration.ofSeconds(120));
    }

    static String bootstrap() {
        return kafka.bootstrap();
    }
}
