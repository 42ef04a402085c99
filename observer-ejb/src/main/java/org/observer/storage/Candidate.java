package org.observer.storage;

/** A matching document picked for the hit list; its record is fetched only if it makes the top. */
final class Candidate {

    final long timestamp;
    /** The sealed chunk holding it, or null for the active segment. */
    final ChunkReader chunk;
    final int ordinal;

    int partition;
    long offset;
    byte[] source;

    Candidate(long timestamp, ChunkReader chunk, int ordinal) {
        this.timestamp = timestamp;
        this.chunk = chunk;
        this.ordinal = ordinal;
    }

    StoredHit toHit() {
        return new StoredHit(partition + "-" + offset, timestamp, source);
    }
}
