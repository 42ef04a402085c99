package org.observer.api;

/**
 * Kafka's acknowledgement of one accepted log: where it was written, and the document id it will
 * have once indexed (derived from partition and offset, so a replay can never duplicate it).
 */
public record IngestReceipt(String index, String id, int partition, long offset) {
}
