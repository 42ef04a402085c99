package org.observer.search;

import org.junit.jupiter.api.Test;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Hits spread over six partitions on three nodes, many sharing a millisecond: paging through the
 * merged answers with their cursors gives every hit once, in the order one node would give, and the
 * counts are the sums of the parts.
 */
class SearchMergeTest {

    private static final int PARTITIONS = 6;
    private static final String[] INDEXES = {"app", "web-a", "web-b"};

    private record Node(List<SearchHit> hits, Map<String, Long> terms, long[] histogram) {
        /** What a node answers: all of its matches counted, its newest hits after the cursor. */
        PartialResult answer(SearchRequest request) {
            SearchCursor cursor = SearchCursor.decodeOrNull(request.searchAfter());
            List<SearchHit> after = new ArrayList<>();
            for (SearchHit hit : hits) {
                if (cursor == null || cursor.isBefore(hit)) {
                    after.add(hit);
                }
            }
            after.sort(SearchCursor.ORDER);
            List<SearchHit> page = after.subList(0, Math.min(request.size(), after.size()));
            return new PartialResult(hits.size(), List.copyOf(page), histogram.clone(), Map.of("source", terms),
                    Set.of(), Set.copyOf(hits.stream().map(SearchHit::index).toList()));
        }
    }

    @Test
    void pagesMergedFromSeveralNodesHoldEveryHitOnceInOrder() {
        Random random = new Random(7);
        List<SearchHit> all = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            nodes.add(new Node(new ArrayList<>(), new HashMap<>(), new long[4]));
        }
        Map<String, Long> terms = new HashMap<>();
        long[] histogram = new long[4];
        long[] offsets = new long[PARTITIONS];
        for (int i = 0; i < 5_000; i++) {
            int partition = random.nextInt(PARTITIONS);
            long timestamp = 1_000 + random.nextInt(400); // about 12 hits per millisecond
            SearchHit hit = new SearchHit(INDEXES[random.nextInt(INDEXES.length)], partition + "-" + offsets[partition]++,
                    timestamp, "{}");
            all.add(hit);
            Node node = nodes.get(partition / 2); // two partitions per node
            node.hits.add(hit);
            String term = "s" + random.nextInt(30);
            node.terms.merge(term, 1L, Long::sum);
            terms.merge(term, 1L, Long::sum);
            int bucket = (int) ((timestamp - 1_000) / 100);
            node.histogram[bucket]++;
            histogram[bucket]++;
        }
        all.sort(SearchCursor.ORDER);

        List<SearchHit> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchRequest request = new SearchRequest("app,web-a,web-b", "", null, null, 97, cursor, "100ms",
                    List.of("source"), 10, false);
            SearchPlan plan = new SearchPlan(request, 1_000, 100, 4);
            List<PartialResult> parts = new ArrayList<>();
            nodes.forEach(node -> parts.add(node.answer(request)));
            SearchMerge merged = SearchMerge.of(plan, parts);
            assertEquals(all.size(), merged.total(), "the total counts every match, not the page");
            assertEquals(terms, merged.terms().get("source"), "terms counts are exact sums");
            assertArrayEquals(histogram, merged.histogram());
            assertEquals(Set.of(INDEXES), merged.found());
            paged.addAll(merged.page());
            cursor = merged.next();
            pages++;
        } while (cursor != null);

        assertEquals(all, paged, "every hit once, in the single-node order");
        assertEquals(all.size() / 97 + 1, pages);
        assertEquals(all.size(), new LinkedHashSet<>(paged).size());
    }

    @Test
    void theLastPageHasNoCursor() {
        SearchRequest request = new SearchRequest("app", "", null, null, 10);
        SearchHit hit = new SearchHit("app", "0-1", 5, "{}");
        SearchMerge merged = SearchMerge.of(new SearchPlan(request, 0, 0, 0),
                List.of(new PartialResult(1, List.of(hit), null, Map.of(), Set.of(0), Set.of("app"))));
        assertEquals(List.of(hit), merged.page());
        assertNull(merged.next());
        assertNull(merged.histogram());
    }
}
