package org.observer.api;

/**
 * OPEN: written to and kept mapped. CLOSED: sealed and evicted after a time without writes; loaded
 * again lazily by a query or a write.
 */
public enum IndexState {
    OPEN,
    CLOSED,
    /** Its files cannot be read (damaged, or written by an incompatible version); see the problem. */
    DEGRADED
}
