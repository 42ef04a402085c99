package org.observer.api;

/** What an oplog entry records. Names are stable: they are stored in the archive. */
public enum OplogAction {
    /** An index received its first write on this node. */
    CREATED,
    /** A batch of logs was written and synced: partition and offset range, documents appended. */
    WRITTEN,
    /** The active segment became an immutable chunk. */
    SEALED,
    /** The index was sealed, unmapped and evicted (TTL or request). */
    CLOSED,
    /** A CLOSED index was loaded again. */
    LOADED,
    /** Chunks were rewritten cold. */
    COMPACTED,
    /** The index and its files were removed. */
    DELETED,
    /** Sealed chunks were copied to a snapshot. */
    SNAPSHOT,
    /** The index was brought back from a snapshot. */
    RESTORED,
    /** Damage was found in the index's files; they were set aside. */
    DEGRADED,
    /** The index was rebuilt from its Kafka range. */
    REBUILT,
    /** A partition of observer.ingest was assigned to this node (index empty): offsets it reads from and catches up to. */
    ASSIGNED,
    /** A partition of observer.ingest left this node (index empty): revoked by the group, or lost. */
    REVOKED,
    /**
     * A partition this node kept a standby copy of was assigned to it (index empty): it continues
     * from its copy's offset, with no replay of the partition's history.
     */
    PROMOTED,
    /**
     * The group's leader decided who owns and who keeps standby copies of every partition (index
     * empty; the detail holds the decision and what each node reported).
     */
    ALLOCATED,
    /** A request's credentials were refused (index empty; the detail says whose and from where). */
    AUTH_FAILED,
    /** A user, role or API key was created, changed or deleted (index empty; the detail says what and by whom). */
    SECURITY_CHANGED,
    /**
     * A user or API key asked for a manage action on the index (close, open, compact, snapshot,
     * restore, delete): the detail says which, by whom, and whether it failed. What the nodes did
     * follows as their own entries (CLOSED, COMPACTED, ...).
     */
    REQUESTED
}
