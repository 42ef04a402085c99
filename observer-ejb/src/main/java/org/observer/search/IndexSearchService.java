package org.observer.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.IndexNotFoundException;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;
import org.observer.index.IndexManager;
import org.observer.index.IndexNames;
import org.observer.query.Query;
import org.observer.query.QueryParser;
import org.observer.storage.StoreResult;
import org.observer.storage.StoreStats;
import org.observer.storage.StoredHit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs a search over every index the request names, newest hits first. */
@ApplicationScoped
public class IndexSearchService implements SearchService {

    private static final Comparator<SearchHit> NEWEST_FIRST = Comparator
            .comparingLong(SearchHit::timestamp).reversed()
            .thenComparing(SearchHit::index)
            .thenComparing(SearchHit::id, Comparator.reverseOrder());

    @Inject
    IndexManager indexes;

    @Override
    public SearchResult search(SearchRequest request) {
        long start = System.nanoTime();
        if (request.size() < 0 || request.size() > SearchRequest.MAX_SIZE) {
            throw new InvalidRequestException("size must be between 0 and " + SearchRequest.MAX_SIZE
                    + ", got " + request.size());
        }
        long from = request.from() == null ? Long.MIN_VALUE : request.from();
        long to = request.to() == null ? Long.MAX_VALUE : request.to();
        if (from > to) {
            throw new InvalidRequestException("'from' is after 'to'");
        }
        Query query;
        try {
            query = QueryParser.parse(request.query() == null ? "" : request.query());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid query: " + e.getMessage());
        }
        long total = 0;
        List<SearchHit> hits = new ArrayList<>();
        for (String index : newestFirst(resolve(request.index()), from, to)) {
            int size = request.size();
            if (size > 0 && hits.size() >= size) {
                hits.sort(NEWEST_FIRST);
                hits.subList(size, hits.size()).clear();
                // an index whose newest log is older than every hit in hand can only add to the count
                StoreStats stats = indexes.knownStats(index);
                if (stats != null && stats.maxTimestamp() != null && stats.maxTimestamp() < hits.get(size - 1).timestamp()) {
                    size = 0;
                }
            }
            int wanted = size;
            StoreResult result;
            try {
                result = indexes.read(index, store -> store.search(query, from, to, wanted));
            } catch (IOException e) {
                throw new UncheckedIOException("searching index " + index + " failed", e);
            }
            total += result.total();
            for (StoredHit hit : result.hits()) {
                hits.add(new SearchHit(index, hit.id(), hit.timestamp(), new String(hit.source(), StandardCharsets.UTF_8)));
            }
        }
        hits.sort(NEWEST_FIRST);
        List<SearchHit> page = hits.size() > request.size() ? List.copyOf(hits.subList(0, request.size())) : hits;
        return new SearchResult((System.nanoTime() - start) / 1_000_000, total, page);
    }

    /**
     * Drops the indexes known to hold nothing in [from, to) without loading them, and orders the
     * rest newest first (unknown figures first: they must be searched anyway).
     */
    private List<String> newestFirst(List<String> names, long from, long to) {
        List<String> kept = new ArrayList<>();
        Map<String, Long> newest = new HashMap<>();
        for (String name : names) {
            StoreStats stats = indexes.knownStats(name);
            if (stats != null && (stats.documents() == 0 || stats.maxTimestamp() < from || stats.minTimestamp() >= to)) {
                continue;
            }
            kept.add(name);
            newest.put(name, stats == null ? Long.MAX_VALUE : stats.maxTimestamp());
        }
        kept.sort(Comparator.comparing(newest::get, Comparator.reverseOrder()));
        return kept;
    }

    /** The existing indexes named by {@code pattern}: names and prefixes ending in '*', comma-separated. */
    List<String> resolve(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidRequestException("parameter 'index' is required: an index name, a comma list, or a prefix like auth-*");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : pattern.split(",")) {
            String p = part.trim();
            if (p.endsWith("*")) {
                String prefix = p.substring(0, p.length() - 1);
                if (!prefix.isEmpty() && !IndexNames.isValid(prefix)) {
                    IndexNames.requireValid(prefix);
                }
                indexes.names().stream().filter(n -> n.startsWith(prefix)).forEach(names::add);
            } else {
                IndexNames.requireValid(p);
                if (!indexes.exists(p)) {
                    throw new IndexNotFoundException(p);
                }
                names.add(p);
            }
        }
        return new ArrayList<>(names);
    }
}
