package org.observer.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.LongAdder;

/** How many logs this node's processors have indexed: the node announcement turns it into a rate. */
@ApplicationScoped
public class IngestRate {

    private final LongAdder indexed = new LongAdder();

    public void indexed(long logs) {
        indexed.add(logs);
    }

    /** Logs indexed since start-up. */
    public long total() {
        return indexed.sum();
    }
}
