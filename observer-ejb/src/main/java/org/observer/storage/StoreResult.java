package org.observer.storage;

import java.util.List;

/**
 * The exact number of matches and at most {@code size} of them, newest first. A search that did
 * not fetch gives instead the newest {@code size} matches' timestamps (descending) in
 * {@code newest}, and no hits.
 */
public record StoreResult(long total, List<StoredHit> hits, long[] newest) {

    public StoreResult(long total, List<StoredHit> hits) {
        this(total, hits, null);
    }
}
