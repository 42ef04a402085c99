package org.observer.api;

import java.time.Duration;
import java.util.Optional;

/** How long each index keeps its logs: the retention setting's patterns and the ILM policies clients attached. */
public interface RetentionService {

    /** The retention in force now (read once for a listing of many indexes). */
    Retention current();

    interface Retention {

        /** How long {@code index} keeps its logs; empty: for ever. */
        Optional<Duration> of(String index);
    }
}
