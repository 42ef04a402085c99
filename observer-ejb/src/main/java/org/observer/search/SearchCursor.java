package org.observer.search;

import org.observer.api.InvalidRequestException;
import org.observer.api.LogId;
import org.observer.api.SearchHit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;

/**
 * The last hit of a page, as the opaque {@code next} token of the API; and the order of hits:
 * newest first, then index name, then id (highest offset and line first, then partition). The
 * order is total over the whole cluster, so pages merged from several nodes neither skip nor repeat.
 */
public record SearchCursor(long timestamp, String index, String id) {

    public static final Comparator<SearchHit> ORDER = Comparator
            .comparingLong(SearchHit::timestamp).reversed()
            .thenComparing(SearchHit::index)
            .thenComparing(hit -> LogId.parse(hit.id()), Comparator.comparingLong(LogId::offset)
                    .thenComparingInt(LogId::line).reversed()
                    .thenComparing(Comparator.comparingInt(LogId::partition).reversed()));

    public String encode() {
        String raw = timestamp + ":" + index + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static SearchCursor decodeOrNull(String token) {
        return token == null || token.isBlank() ? null : decode(token);
    }

    public static SearchCursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 3);
            SearchCursor cursor = new SearchCursor(Long.parseLong(parts[0]), parts[1], parts[2]);
            LogId.parse(cursor.id());
            return cursor;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("search_after is not a cursor this server gave out: pass the 'next'"
                    + " value of the previous page unchanged");
        }
    }

    public static SearchCursor after(SearchHit hit) {
        return new SearchCursor(hit.timestamp(), hit.index(), hit.id());
    }

    /** True if {@code hit} comes after this cursor's hit in the result order. */
    public boolean isBefore(SearchHit hit) {
        return ORDER.compare(new SearchHit(index, id, timestamp, null), hit) < 0;
    }
}
