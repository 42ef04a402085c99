package org.observer.api;

/** Brings indexes back: from a snapshot plus what Kafka holds after it. */
public interface RecoveryService {

    /**
     * Replaces the index with the snapshot, then catches it up from Kafka, so it answers as before.
     *
     * @throws IndexNotFoundException if there is no such snapshot
     */
    IndexInfo restore(String index, String snapshot);
}
