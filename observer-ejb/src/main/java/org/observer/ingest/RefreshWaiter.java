package org.observer.ingest;

/**
 * Waits until an offset of a partition of {@code observer.ingest} is searchable, on whichever node
 * serves that partition ({@code refresh=wait_for}).
 */
public interface RefreshWaiter {

    /** False if the time ran out first. */
    boolean awaitSearchable(int partition, long offset, long timeoutMillis) throws InterruptedException;
}
