package org.observer.api;

/** Where what users and API keys ask the nodes to do is kept: the oplog. */
public interface AuditLog {

    /**
     * Records that {@code who} asked for {@code action} on {@code index} and how it ended
     * ({@code failure} null if it was done).
     */
    void requested(String index, String action, String who, String failure);
}
