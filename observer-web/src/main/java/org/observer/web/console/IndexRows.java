package org.observer.web.console;

import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.provider.QuerySortOrder;
import com.vaadin.flow.data.provider.SortDirection;
import org.observer.api.IndexInfo;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rows of the indexes grid: the list as last loaded, filtered by a part of the name and
 * sorted as the grid asks. Loading is explicit (refresh, after an action), so scrolling and
 * sorting do not ask every node again.
 */
final class IndexRows {

    static final String NAME = "name";
    static final String STATE = "state";
    static final String DOCUMENTS = "documents";
    static final String DISK = "disk";
    static final String CHUNKS = "chunks";
    static final String FIRST = "first";
    static final String LAST = "last";

    private static final Comparator<Long> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Map<String, Comparator<IndexInfo>> ORDERS = Map.of(
            NAME, Comparator.comparing(IndexInfo::name),
            STATE, Comparator.comparing(IndexInfo::state),
            DOCUMENTS, Comparator.comparingLong(IndexInfo::documents),
            DISK, Comparator.comparingLong(IndexInfo::diskBytes),
            CHUNKS, Comparator.comparingInt(IndexInfo::chunks),
            FIRST, Comparator.comparing(IndexInfo::minTimestamp, NULLS_FIRST),
            LAST, Comparator.comparing(IndexInfo::maxTimestamp, NULLS_FIRST));

    private List<IndexInfo> all = List.of();
    private String filter = "";

    void load(List<IndexInfo> indexes) {
        all = List.copyOf(indexes);
    }

    void filter(String text) {
        filter = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    }

    Optional<IndexInfo> byName(String name) {
        return all.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    Stream<IndexInfo> fetch(Query<IndexInfo, Void> query) {
        Comparator<IndexInfo> order = null;
        for (QuerySortOrder sort : query.getSortOrders()) {
            Comparator<IndexInfo> by = ORDERS.getOrDefault(sort.getSorted(), ORDERS.get(NAME));
            by = sort.getDirection() == SortDirection.DESCENDING ? by.reversed() : by;
            order = order == null ? by : order.thenComparing(by);
        }
        order = order == null ? ORDERS.get(NAME) : order.thenComparing(ORDERS.get(NAME));
        return matching().sorted(order).skip(query.getOffset()).limit(query.getLimit());
    }

    int count(Query<IndexInfo, Void> query) {
        return (int) matching().count();
    }

    /** "3 indexes · 1,200 logs · 4.5 MB on disk" over all loaded indexes. */
    String summary() {
        long logs = all.stream().mapToLong(IndexInfo::documents).sum();
        long disk = all.stream().mapToLong(IndexInfo::diskBytes).sum();
        return all.size() + (all.size() == 1 ? " index · " : " indexes · ") + Formats.count(logs)
                + (logs == 1 ? " log · " : " logs · ") + Formats.bytes(disk) + " on disk";
    }

    private Stream<IndexInfo> matching() {
        return all.stream().filter(i -> filter.isEmpty() || i.name().contains(filter));
    }
}
