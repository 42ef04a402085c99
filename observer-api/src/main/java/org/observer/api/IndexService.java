package org.observer.api;

import java.util.List;

/** Lists indexes and moves them between OPEN and CLOSED. */
public interface IndexService {

    List<IndexInfo> list();

    /** @throws IndexNotFoundException if there is no such index */
    IndexInfo get(String name);

    /** Seals, unmaps and evicts the index. */
    IndexInfo close(String name);

    /** Loads the index and keeps it OPEN. */
    IndexInfo open(String name);
}
