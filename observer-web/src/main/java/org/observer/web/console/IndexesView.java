package org.observer.web.console;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.inject.Inject;
import org.observer.api.IndexInfo;
import org.observer.api.IndexService;
import org.observer.api.IndexState;

import java.text.NumberFormat;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The indexes of this node with their size and time span; each can be searched, closed or opened. */
@Route(value = "indexes", layout = ConsoleLayout.class)
@PageTitle("Indexes · The Observer")
public class IndexesView extends VerticalLayout {

    private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.US);

    private final IndexService indexes;
    private final Span status = new Span();
    private final Grid<IndexInfo> grid = new Grid<>();

    @Inject
    public IndexesView(IndexService indexes) {
        this.indexes = indexes;
        setSizeFull();

        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
        refresh.setId("refresh");
        status.setId("indexes-status");
        status.addClassName("search-status");
        HorizontalLayout bar = new HorizontalLayout(refresh, status);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);

        grid.setId("indexes");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(new ComponentRenderer<>(IndexesView::searchLink))
                .setHeader("Index").setAutoWidth(true).setFlexGrow(1).setComparator(IndexInfo::name);
        grid.addColumn(new ComponentRenderer<>(IndexesView::stateBadge))
                .setHeader("State").setWidth("7rem").setFlexGrow(0).setComparator(IndexInfo::state);
        grid.addColumn(i -> COUNT.format(i.documents())).setHeader("Logs").setTextAlign(ColumnTextAlign.END)
                .setWidth("8rem").setFlexGrow(0).setComparator(IndexInfo::documents);
        grid.addColumn(IndexInfo::chunks).setHeader("Chunks").setTextAlign(ColumnTextAlign.END)
                .setWidth("7.5rem").setFlexGrow(0).setComparator(IndexInfo::chunks);
        grid.addColumn(i -> bytes(i.diskBytes())).setHeader("On disk").setTextAlign(ColumnTextAlign.END)
                .setWidth("8rem").setFlexGrow(0).setComparator(IndexInfo::diskBytes);
        grid.addColumn(i -> time(i.minTimestamp())).setHeader("Oldest log (UTC)").setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(i -> "time-cell");
        grid.addColumn(i -> time(i.maxTimestamp())).setHeader("Newest log (UTC)").setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(i -> "time-cell");
        grid.addColumn(new ComponentRenderer<>(this::actionButton)).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setEmptyStateText("No indexes yet: POST a log to /api/logs/{index} to create one.");
        grid.setSizeFull();

        add(bar, grid);
        setFlexGrow(1, grid);
        refresh();
    }

    private void refresh() {
        try {
            List<IndexInfo> all = indexes.list().stream().sorted(Comparator.comparing(IndexInfo::name)).toList();
            grid.setItems(all);
            long logs = all.stream().mapToLong(IndexInfo::documents).sum();
            long disk = all.stream().mapToLong(IndexInfo::diskBytes).sum();
            status.setText(all.size() + (all.size() == 1 ? " index · " : " indexes · ")
                    + COUNT.format(logs) + (logs == 1 ? " log · " : " logs · ") + bytes(disk) + " on disk");
            status.setClassName("error", false);
        } catch (RuntimeException e) {
            String message = ConsoleErrors.message("Listing indexes", e);
            status.setText(message);
            status.setClassName("error", true);
        }
    }

    private void change(IndexInfo index, UnaryOperator<String> action, String what) {
        try {
            action.apply(index.name());
        } catch (RuntimeException e) {
            ConsoleErrors.notify(ConsoleErrors.message(what + " " + index.name(), e));
        }
        refresh();
    }

    private Button actionButton(IndexInfo index) {
        boolean open = index.state() == IndexState.OPEN;
        Button button = new Button(open ? "Close" : "Open", e -> change(index, open
                ? name -> indexes.close(name).name()
                : name -> indexes.open(name).name(), open ? "Closing" : "Opening"));
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        button.setTooltipText(open ? "Seal and unload it; a search loads it again" : "Load it now");
        return button;
    }

    private static RouterLink searchLink(IndexInfo index) {
        RouterLink link = new RouterLink(index.name(), SearchView.class);
        link.setQueryParameters(QueryParameters.simple(Map.of("index", index.name(), "range", TimeRange.ALL.key)));
        return link;
    }

    private static Span stateBadge(IndexInfo index) {
        Span badge = new Span(index.state().name().toLowerCase(Locale.ROOT));
        badge.addClassNames("state", index.state() == IndexState.OPEN ? "state-open" : "state-closed");
        if (index.problem() != null) {
            badge.setTitle(index.problem());
        }
        return badge;
    }

    private static String time(Long millis) {
        return millis == null ? "–" : SearchView.TIME.format(Instant.ofEpochMilli(millis));
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        do {
            value /= 1024;
            unit++;
        } while (value >= 1024 && unit < units.length - 1);
        return String.format(Locale.US, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
