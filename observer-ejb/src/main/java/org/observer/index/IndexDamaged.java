package org.observer.index;

/** CDI event: an index's files were found damaged and set aside; it should be rebuilt. */
public record IndexDamaged(String index, String problem) {
}
