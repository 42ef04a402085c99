package org.observer.logs;

/**
 * A validated log, ready to publish: its original JSON text, the same as UTF-8 (what is sent, encoded
 * once), and its time in epoch millis.
 */
public record IncomingLog(String json, byte[] utf8, long timestamp) {
}
