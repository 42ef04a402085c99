package org.observer.api;

import java.util.List;

/** Lists indexes, moves them between OPEN and CLOSED, deletes them and takes snapshots. */
public interface IndexService {

    List<IndexInfo> list();

    /** @throws IndexNotFoundException if there is no such index */
    IndexInfo get(String name);

    /** Seals, unmaps and evicts the index. */
    IndexInfo close(String name);

    /** Loads the index and keeps it OPEN. */
    IndexInfo open(String name);

    /** Seals the index and rewrites its chunks cold (higher zstd level, trained dictionary). */
    IndexInfo compact(String name);

    /** Removes the index and its files (snapshots are kept). */
    void delete(String name);

    /** Seals the index and copies its chunks and covered offsets to a new snapshot. */
    SnapshotInfo snapshot(String name);

    /** The index's snapshots, oldest first. */
    List<SnapshotInfo> snapshots(String name);
}
