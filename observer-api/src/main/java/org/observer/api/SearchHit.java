package org.observer.api;

/** One matching log: {@code source} is the original JSON object exactly as it was ingested. */
public record SearchHit(String index, String id, long timestamp, String source) {
}
