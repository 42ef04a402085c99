package org.observer.api;

import java.util.List;

/** Hits newest first; {@code total} counts every match, not only the hits returned. */
public record SearchResult(long tookMs, long total, List<SearchHit> hits) {
}
