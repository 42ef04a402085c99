package org.observer.api;

import java.util.List;

/** Reads the node's archived oplog back. */
public interface OplogService {

    /**
     * Entries oldest first, with {@code from <= time < to}, of one index or all (null), at most
     * {@code size}.
     */
    List<OplogEntry> read(String index, long from, long to, int size);
}
