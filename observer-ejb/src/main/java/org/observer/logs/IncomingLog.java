package org.observer.logs;


/** A validated log, ready to publish: its original JSON text and its time in epoch millis. */
public record IncomingLog(String json, long timestamp) {
}
