package org.observer.storage;

import java.util.List;

/** The exact number of matches and at most {@code size} of them, newest first. */
public record StoreResult(long total, List<StoredHit> hits) {
}
