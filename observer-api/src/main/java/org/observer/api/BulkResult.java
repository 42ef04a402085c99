package org.observer.api;

import java.util.List;

/** The answer to a bulk request: one item per non-blank line, in order. */
public record BulkResult(long tookMs, int accepted, int rejected, List<BulkItemResult> items) {

    public boolean errors() {
        return rejected > 0;
    }
}
