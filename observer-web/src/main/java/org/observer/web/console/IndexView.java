package org.observer.web.console;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.inject.Inject;
import org.observer.api.IndexInfo;
import org.observer.api.AuditLog;
import org.observer.api.IndexService;
import org.observer.api.OplogEntry;
import org.observer.api.OplogService;
import org.observer.api.RecoveryService;
import org.observer.api.SnapshotInfo;
import org.observer.web.security.Access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One index: its figures, its chunks (from the oplog), its snapshots (each can be restored) and its
 * oplog entries, newest first.
 */
@Route(value = "indexes/:" + IndexView.NAME, layout = ConsoleLayout.class)
public class IndexView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final String NAME = "name";
    private static final int HISTORY_ROWS = 200;

    private final IndexService indexes;
    private final OplogService oplog;
    private final IndexActions actions;
    private final boolean mayManage;
    private final H2 title = new H2();
    private final Div summary = new Div();
    private final Span status = new Span();
    private final Grid<IndexChunks.Chunk> chunks = new Grid<>();
    private final Grid<SnapshotInfo> snapshots = new Grid<>();
    private final Grid<OplogEntry> history = new Grid<>();
    private String name = "";

    @Inject
    public IndexView(IndexService indexes, RecoveryService recovery, AuditLog audit, OplogService oplog) {
        Access access = ConsoleAccess.current();
        this.indexes = access.indexes(indexes, audit);
        oplog = access.oplog(oplog);
        recovery = access.recovery(recovery, audit);
        this.oplog = oplog;
        this.actions = new IndexActions(this.indexes, recovery, this::refresh);
        this.mayManage = access.mayManageSome();
        addClassName("index-page");

        title.addClassName("page-title");
        summary.setId("index-summary");
        summary.addClassName("figures");
        status.setId("index-status");
        status.addClassName("search-status");

        chunks.setId("chunks");
        chunks.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        chunks.addColumn(IndexChunks.Chunk::number).setHeader("Chunk").setWidth("5rem").setFlexGrow(0);
        chunks.addColumn(c -> c.documents() == null ? "–" : Formats.count(c.documents())).setHeader("Logs")
                .setTextAlign(ColumnTextAlign.END).setWidth("6rem").setFlexGrow(0);
        chunks.addColumn(c -> c.cold() ? "cold" : "hot").setHeader("Kind").setWidth("4.5rem").setFlexGrow(0);
        Grid.Column<IndexChunks.Chunk> where = chunks.addColumn(c -> c.node() + (c.partition() == null ? ""
                : " · p" + c.partition() + " · " + Formats.range(c.fromOffset(), c.toOffset()))).setHeader("Node · partition · offsets");
        Grid.Column<IndexChunks.Chunk> made = chunks.addColumn(c -> Formats.time(c.time())).setHeader("Written (UTC)")
                .setWidth("13rem").setFlexGrow(0).setPartNameGenerator(c -> "time-cell");
        chunks.setAllRowsVisible(true);
        chunks.setEmptyStateText("No sealed chunks yet: logs are still in the active segment.");

        snapshots.setId("snapshots");
        snapshots.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        snapshots.addColumn(SnapshotInfo::snapshot).setHeader("Snapshot").setFlexGrow(1);
        Grid.Column<SnapshotInfo> taken = snapshots.addColumn(s -> Formats.time(s.time())).setHeader("Taken (UTC)")
                .setWidth("13rem").setFlexGrow(0).setPartNameGenerator(s -> "time-cell");
        Grid.Column<SnapshotInfo> logs = snapshots.addColumn(s -> Formats.count(s.documents())).setHeader("Logs")
                .setTextAlign(ColumnTextAlign.END).setWidth("6rem").setFlexGrow(0);
        snapshots.addColumn(new ComponentRenderer<>(this::restoreButton)).setWidth("6.5rem").setFlexGrow(0);
        snapshots.setAllRowsVisible(true);
        snapshots.setEmptyStateText("No snapshots.");

        history.setId("index-oplog");
        history.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        List<Grid.Column<?>> wideOnly = new ArrayList<>(List.of(where, made, taken, logs));
        List<Grid.Column<?>> narrowOnly = new ArrayList<>();
        OplogColumns.add(history, false, wideOnly, narrowOnly);
        history.setAllRowsVisible(true);
        history.setEmptyStateText("No oplog entries.");

        NarrowScreens.adapt(this, wideOnly, narrowOnly);
        add(title, status, summary, new H3("Chunks"), chunks, new H3("Snapshots"), snapshots,
                new H3("Oplog"), history);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        name = event.getRouteParameters().get(NAME).orElse("");
        refresh();
    }

    @Override
    public String getPageTitle() {
        return name + " · Indexes · The Observer";
    }

    private void refresh() {
        title.setText(name);
        summary.removeAll();
        status.setText("");
        status.setClassName("error", false);
        try {
            IndexInfo index = indexes.get(name);
            summary.add(IndexesView.stateBadge(index),
                    figure("Logs", Formats.count(index.documents())),
                    figure("On disk", Formats.bytes(index.diskBytes())),
                    figure("Chunks", String.valueOf(index.chunks())),
                    figure("First log", Formats.time(index.minTimestamp())),
                    figure("Last log", Formats.time(index.maxTimestamp())));
            snapshots.setItems(indexes.snapshots(name));
        } catch (RuntimeException e) {
            status.setText(ConsoleErrors.message("Reading " + name, e));
            status.setClassName("error", true);
            snapshots.setItems(List.of());
        }
        try {
            chunks.setItems(IndexChunks.read(oplog, name));
            history.setItems(new OplogPages(oplog, name, null, 0, System.currentTimeMillis() + 60_000).page(0, HISTORY_ROWS));
        } catch (RuntimeException e) {
            status.setText(ConsoleErrors.message("Reading the oplog of " + name, e));
            status.setClassName("error", true);
        }
        RouterLink more = new RouterLink("All of its oplog", OplogView.class);
        more.setQueryParameters(QueryParameters.simple(Map.of(OplogView.INDEX_PARAM, name)));
        summary.add(more);
    }

    private Button restoreButton(SnapshotInfo snapshot) {
        Button restore = new Button("Restore…", e -> actions.confirmRestore(name, snapshot.snapshot()));
        restore.setVisible(mayManage);
        restore.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        return restore;
    }

    private static Div figure(String label, String value) {
        Span l = new Span(label);
        l.addClassName("figure-label");
        Span v = new Span(value);
        v.addClassName("figure-value");
        Div figure = new Div(l, v);
        figure.addClassName("figure");
        return figure;
    }
}
