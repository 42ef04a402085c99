package org.observer.web.console;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import jakarta.inject.Inject;
import org.observer.api.ClusterInfo;
import org.observer.api.ClusterService;
import org.observer.api.AuditLog;
import org.observer.api.IndexService;
import org.observer.api.NodeInfo;
import org.observer.api.NodeState;

import java.util.List;

/**
 * The cluster as this node sees it, refreshed every 2 s while shown: the ingest rate over the last
 * 15 minutes, disk by index prefix, every node with its state, partitions and load, and who owns
 * and copies each partition. The browser polls (no push needed): each poll is one round trip that
 * also carries the redraw.
 */
@Route(value = "cluster", layout = ConsoleLayout.class)
@PageTitle("Cluster · The Observer")
public class ClusterView extends VerticalLayout {

    static final int POLL_MS = 2000;
    /** Prefixes drawn one by one; the rest are one bar. */
    private static final int TOP_PREFIXES = 10;
    /** Listing indexes asks every node and disk use changes slowly: redraw it every 5th poll (10 s). */
    private static final int DISK_EVERY_POLLS = 5;

    private final ClusterService cluster;
    private final IndexService indexes;
    private final LoadSampler sampler;
    private final Span status = new Span();
    private final Div ingestChart = new Div();
    private final Span ingestScale = new Span();
    private final Div searchChart = new Div();
    private final Span searchScale = new Span();
    private final Div latencyChart = new Div();
    private final Span latencyScale = new Span();
    private final Div diskChart = new Div();
    private final Div nodes = new Div();
    private final Grid<ClusterInfo.PartitionOwner> partitions = new Grid<>();
    private Registration poll;
    private int polls;

    @Inject
    public ClusterView(ClusterService cluster, IndexService indexes, AuditLog audit, LoadSampler sampler) {
        this.cluster = cluster;
        this.indexes = ConsoleAccess.current().indexes(indexes, audit);
        this.sampler = sampler;
        addClassName("cluster-page");

        status.setId("cluster-status");
        status.addClassName("search-status");
        ingestChart.setId("ingest-chart");
        ingestChart.addClassName("line-chart");
        diskChart.setId("disk-chart");
        diskChart.addClassName("bar-chart");
        nodes.setId("nodes");
        nodes.addClassName("node-cards");

        partitions.setId("partitions");
        partitions.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        partitions.addColumn(ClusterInfo.PartitionOwner::partition).setHeader("Part.").setWidth("4.5rem").setFlexGrow(0);
        partitions.addColumn(p -> p.owner() == null ? "none" : p.owner()).setHeader("Owner").setWidth("6rem").setFlexGrow(1);
        Grid.Column<ClusterInfo.PartitionOwner> replicas = partitions.addColumn(p -> String.join(", ", p.replicas()))
                .setHeader("Replicas").setWidth("6rem").setFlexGrow(1);
        partitions.addColumn(p -> p.lag() == null ? "–" : Formats.count(p.lag())).setHeader("Lag")
                .setTextAlign(ColumnTextAlign.END).setWidth("5rem").setFlexGrow(0);
        NarrowScreens.hideWhenNarrow(this, List.of(replicas)); // each node's card lists its replicas
        partitions.setAllRowsVisible(true);

        ingestScale.setId("ingest-scale");
        ingestScale.addClassName("search-status");
        searchChart.setId("search-chart");
        searchChart.addClassName("line-chart");
        searchScale.setId("search-scale");
        searchScale.addClassName("search-status");
        latencyChart.setId("latency-chart");
        latencyChart.addClassName("line-chart");
        latencyScale.setId("latency-scale");
        latencyScale.addClassName("search-status");
        add(status, new H3("Ingest rate, last 15 minutes"), ingestScale, ingestChart,
                new H3("Searches on this node, last 15 minutes"), searchScale, searchChart,
                new H3("Search latency on this node"), latencyScale, latencyChart, new H3("Nodes"), nodes,
                new H3("Partitions"), partitions, new H3("Disk by index prefix"), diskChart);
        refresh();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        ui.setPollInterval(POLL_MS);
        poll = ui.addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        // the poll is the UI's: stop it, or other views would keep polling for nothing
        event.getUI().setPollInterval(-1);
        if (poll != null) {
            poll.remove();
            poll = null;
        }
    }

    private void refresh() {
        drawIngestRate();
        showNodes();
        if (polls++ % DISK_EVERY_POLLS == 0) {
            drawDisk();
        }
    }

    private void drawIngestRate() {
        long now = System.currentTimeMillis();
        draw(ingestChart, ingestScale, sampler.ingestRates(), now, "logs indexed per second", Formats::rate);
        draw(searchChart, searchScale, sampler.searchRates(), now, "searches per second",
                v -> String.format(java.util.Locale.ROOT, "%.2f/s", v));
        draw(latencyChart, latencyScale, sampler.searchLatencies(), now, "mean search latency in ms",
                v -> String.format(java.util.Locale.ROOT, "%.1f ms", v));
    }

    private static void draw(Div chart, Span scale, List<SvgCharts.Point> points, long now, String label,
                             java.util.function.DoubleFunction<String> format) {
        chart.getElement().setProperty("innerHTML", SvgCharts.line(points, now - LoadSampler.KEEP_MS, now, label));
        double peak = points.stream().mapToDouble(SvgCharts.Point::value).max().orElse(0);
        chart.getElement().setAttribute("data-samples", String.valueOf(points.size()));
        chart.getElement().setAttribute("data-peak", String.valueOf(peak));
        scale.setText(points.isEmpty() ? "No samples yet." : "now " + format.apply(points.get(points.size() - 1).value())
                + " · peak " + format.apply(peak) + " · a sample every " + LoadSampler.EVERY_SECONDS + " s");
    }

    private void showNodes() {
        try {
            ClusterInfo info = cluster.cluster();
            nodes.removeAll();
            info.nodes().forEach(n -> nodes.add(NodeCard.of(n)));
            partitions.setItems(info.partitions());
            long up = info.nodes().stream().filter(n -> n.state() == NodeState.UP).count();
            status.setText(info.nodes().size() + (info.nodes().size() == 1 ? " node, " : " nodes, ") + up + " up · "
                    + info.partitions().size() + " partitions · ingesting "
                    + Formats.rate(info.nodes().stream().mapToDouble(NodeInfo::ingestRate).sum()));
            status.setClassName("error", false);
        } catch (RuntimeException e) {
            status.setText(ConsoleErrors.message("Reading the cluster", e));
            status.setClassName("error", true);
        }
    }

    private void drawDisk() {
        String markup;
        try {
            markup = SvgCharts.bars(IndexPrefixes.diskBytes(indexes.list(), TOP_PREFIXES), "bytes on disk by index prefix");
        } catch (RuntimeException e) {
            markup = "<span class=\"search-status error\">"
                    + SvgCharts.escape(ConsoleErrors.message("Listing indexes", e)) + "</span>";
        }
        diskChart.getElement().setProperty("innerHTML", markup);
    }
}
