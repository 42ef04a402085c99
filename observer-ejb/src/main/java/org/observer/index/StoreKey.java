package org.observer.index;

import java.util.Comparator;

/**
 * One store of this node: the logs of {@code index} that came through {@code partition} of
 * {@code observer.ingest}. An index usually lives on one partition (its logs are keyed by its name);
 * a spread index has a store on every partition. Each store is written, recovered and handed over
 * on its own, because its partition is what moves between nodes.
 */
public record StoreKey(String index, int partition) {

    public static final Comparator<StoreKey> ORDER = Comparator.comparing(StoreKey::index)
            .thenComparingInt(StoreKey::partition);

    @Override
    public String toString() {
        return index + "/" + partition;
    }
}
