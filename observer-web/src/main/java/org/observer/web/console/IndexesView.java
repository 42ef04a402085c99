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
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import jakarta.inject.Inject;
import org.observer.api.IndexInfo;
import org.observer.api.AuditLog;
import org.observer.api.IndexService;
import org.observer.api.IndexState;
import org.observer.api.RecoveryService;
import org.observer.web.security.Access;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every index of the cluster with its state, size and time span, filtered by name and sorted by
 * any column; the selected one can be closed, opened, compacted, snapshotted, restored or deleted.
 * Each name leads to the index's own page.
 */
@Route(value = "indexes", layout = ConsoleLayout.class)
@PageTitle("Indexes · The Observer")
public class IndexesView extends VerticalLayout {

    private final IndexService indexes;
    private final IndexRows rows = new IndexRows();
    private final IndexActions actions;
    private final TextField filter = new TextField();
    private final Span status = new Span();
    private final Grid<IndexInfo> grid = new Grid<>();
    private final HorizontalLayout toolbar = new HorizontalLayout();

    @Inject
    public IndexesView(IndexService indexes, RecoveryService recovery, AuditLog audit) {
        Access access = ConsoleAccess.current();
        this.indexes = access.indexes(indexes, audit);
        recovery = access.recovery(recovery, audit);
        this.actions = new IndexActions(this.indexes, recovery, this::refresh);
        setSizeFull();

        filter.setId("index-filter");
        filter.setPlaceholder("Filter by name");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(e -> {
            rows.filter(e.getValue());
            grid.getDataProvider().refreshAll();
        });
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> refresh());
        refresh.setId("refresh");
        status.setId("indexes-status");
        status.addClassName("search-status");
        HorizontalLayout bar = new HorizontalLayout(filter, refresh, status);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        bar.setWrap(true);
        bar.setWidthFull();

        toolbar.add(action("close", "Close", "Seal and unload it; a search loads it again", actions::close),
                action("open", "Open", "Load it now and keep it open", actions::open),
                action("compact", "Compact", "Rewrite its chunks cold: smaller, slower to write", actions::compact),
                action("snapshot", "Snapshot", "Copy its sealed chunks to a new snapshot", actions::snapshot),
                action("restore", "Restore…", "Replace it with its newest snapshot", name -> actions.confirmRestore(name, null)),
                action("delete", "Delete…", "Remove it and its files on every node", actions::confirmDelete));
        toolbar.setWrap(true);
        toolbar.setSpacing(false);
        toolbar.addClassName("index-actions");
        toolbar.setEnabled(false);
        toolbar.setVisible(access.mayManageSome()); // a reader is shown no actions

        grid.setId("indexes");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(new ComponentRenderer<>(IndexesView::pageLink)).setHeader("Index")
                .setSortProperty(IndexRows.NAME).setFlexGrow(1).setResizable(true);
        grid.addColumn(new ComponentRenderer<>(IndexesView::stateBadge)).setHeader("State")
                .setSortProperty(IndexRows.STATE).setWidth("6.5rem").setFlexGrow(0);
        Grid.Column<IndexInfo> documents = grid.addColumn(i -> Formats.count(i.documents())).setHeader("Logs")
                .setSortProperty(IndexRows.DOCUMENTS).setTextAlign(ColumnTextAlign.END).setWidth("7.5rem").setFlexGrow(0);
        grid.addColumn(i -> Formats.bytes(i.diskBytes())).setHeader("On disk").setSortProperty(IndexRows.DISK)
                .setTextAlign(ColumnTextAlign.END).setWidth("6.5rem").setFlexGrow(0);
        Grid.Column<IndexInfo> chunks = grid.addColumn(IndexInfo::chunks).setHeader("Chunks")
                .setSortProperty(IndexRows.CHUNKS).setTextAlign(ColumnTextAlign.END).setWidth("6.5rem").setFlexGrow(0);
        Grid.Column<IndexInfo> first = grid.addColumn(i -> Formats.time(i.minTimestamp())).setHeader("First log (UTC)")
                .setSortProperty(IndexRows.FIRST).setWidth("13rem").setFlexGrow(0).setPartNameGenerator(i -> "time-cell");
        Grid.Column<IndexInfo> last = grid.addColumn(i -> Formats.time(i.maxTimestamp())).setHeader("Last log (UTC)")
                .setSortProperty(IndexRows.LAST).setWidth("13rem").setFlexGrow(0).setPartNameGenerator(i -> "time-cell");
        // lazy: the grid asks for the rows it shows; names identify rows across refreshes
        grid.setItems(new CallbackDataProvider<IndexInfo, Void>(rows::fetch, rows::count, IndexInfo::name));
        grid.addSelectionListener(e -> toolbar.setEnabled(e.getFirstSelectedItem().isPresent()));
        grid.setEmptyStateText("No indexes: POST a log to /api/logs/{index} to create one.");
        grid.setSizeFull();
        NarrowScreens.hideWhenNarrow(this, List.of(documents, chunks, first, last));

        add(bar, toolbar, grid);
        setFlexGrow(1, grid);
        refresh();
    }

    private Button action(String id, String text, String tooltip, Consumer<String> onIndex) {
        Button button = new Button(text, e -> selected().ifPresent(onIndex));
        button.setId(id);
        button.setTooltipText(tooltip);
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        if (id.equals("delete")) {
            button.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        return button;
    }

    private Optional<String> selected() {
        return grid.getSelectedItems().stream().findFirst().map(IndexInfo::name);
    }

    private void refresh() {
        try {
            rows.load(indexes.list());
            status.setText(rows.summary());
            status.setClassName("error", false);
        } catch (RuntimeException e) {
            rows.load(List.of());
            status.setText(ConsoleErrors.message("Listing indexes", e));
            status.setClassName("error", true);
        }
        // a deleted index leaves the selection; a changed one is selected as it is now
        Optional<String> name = selected();
        grid.getDataProvider().refreshAll();
        grid.deselectAll();
        name.flatMap(rows::byName).ifPresent(grid::select);
    }

    private static RouterLink pageLink(IndexInfo index) {
        return new RouterLink(index.name(), IndexView.class, new RouteParameters(IndexView.NAME, index.name()));
    }

    static Span stateBadge(IndexInfo index) {
        Span badge = new Span(index.state().name().toLowerCase(Locale.ROOT));
        badge.addClassNames("state", index.state() == IndexState.OPEN ? "state-open" : "state-closed");
        if (index.problem() != null) {
            badge.setTitle(index.problem());
        }
        return badge;
    }

    /** Kept for callers from before {@link Formats}. */
    static String bytes(long bytes) {
        return Formats.bytes(bytes);
    }
}
