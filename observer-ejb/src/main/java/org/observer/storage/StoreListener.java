package org.observer.storage;

/** Told about changes of a store's files, after they are durable (the node's oplog listens). */
public interface StoreListener {

    StoreListener NONE = new StoreListener() {
    };

    /** The active segment became {@code chunk}. */
    default void sealed(ChunkInfo chunk) {
    }

    /** The chunks numbered {@code replaced} were rewritten (one alone, or several merged) cold as {@code chunk}. */
    default void compacted(java.util.List<Integer> replaced, ChunkInfo chunk) {
    }
}
