package org.observer.web.console;

import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import org.junit.jupiter.api.Test;
import org.observer.api.IndexInfo;
import org.observer.api.IndexState;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IndexRowsTest {

    private final IndexRows rows = new IndexRows();

    IndexRowsTest() {
        rows.load(List.of(index("web-b", 30, 5L), index("auth", 10, null), index("web-a", 20, 7L)));
    }

    @Test
    void byNameUnlessAColumnIsSorted() {
        assertEquals(List.of("auth", "web-a", "web-b"), names(new Query<>(0, 10, List.of(), null, null)));
        List<QuerySortOrder> biggestFirst = List.of(new QuerySortOrder(IndexRows.DOCUMENTS, SortDirection.DESCENDING));
        assertEquals(List.of("web-b", "web-a", "auth"), names(new Query<>(0, 10, biggestFirst, null, null)));
        List<QuerySortOrder> newestLast = List.of(new QuerySortOrder(IndexRows.LAST, SortDirection.ASCENDING));
        assertEquals(List.of("auth", "web-b", "web-a"), names(new Query<>(0, 10, newestLast, null, null)));
    }

    @Test
    void filterAndPagesApply() {
        rows.filter(" WEB ");
        assertEquals(2, rows.count(new Query<>(0, 10, List.of(), null, null)));
        assertEquals(List.of("web-b"), names(new Query<>(1, 1, List.of(), null, null)));
        assertEquals("3 indexes · 60 logs · 60 B on disk", rows.summary());
    }

    private List<String> names(Query<IndexInfo, Void> query) {
        return rows.fetch(query).map(IndexInfo::name).toList();
    }

    private static IndexInfo index(String name, long documents, Long last) {
        return new IndexInfo(name, IndexState.OPEN, documents, 1, documents, null, last, null);
    }
}
