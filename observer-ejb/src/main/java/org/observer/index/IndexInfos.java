package org.observer.index;

import org.observer.api.IndexInfo;
import org.observer.api.IndexState;

import java.util.List;

/** Adds up the figures of one index's stores: on this node's partitions, or over the whole cluster. */
public final class IndexInfos {

    private IndexInfos() {
    }

    /** One index's parts as one: DEGRADED if a part is (with its problem), else OPEN if a part is. */
    public static IndexInfo merge(List<IndexInfo> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        IndexInfo first = parts.get(0);
        IndexState state = IndexState.CLOSED;
        String problem = null;
        long documents = 0;
        int chunks = 0;
        long bytes = 0;
        Long min = null;
        Long max = null;
        for (IndexInfo part : parts) {
            if (part.state() == IndexState.DEGRADED) {
                state = IndexState.DEGRADED;
                problem = problem == null ? part.problem() : problem;
            } else if (part.state() == IndexState.OPEN && state == IndexState.CLOSED) {
                state = IndexState.OPEN;
            }
            documents += part.documents();
            chunks += part.chunks();
            bytes += part.diskBytes();
            if (part.minTimestamp() != null) {
                min = min == null ? part.minTimestamp() : Math.min(min, part.minTimestamp());
            }
            if (part.maxTimestamp() != null) {
                max = max == null ? part.maxTimestamp() : Math.max(max, part.maxTimestamp());
            }
        }
        return new IndexInfo(first.name(), state, documents, chunks, bytes, min, max, problem);
    }
}
