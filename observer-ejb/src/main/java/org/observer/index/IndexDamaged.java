package org.observer.index;

/** Fired when a store's files turn out damaged: a rebuild from Kafka should follow. */
public record IndexDamaged(StoreKey store, String problem) {
}
