package org.observer.web.console;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.renderer.LitRenderer;
import org.observer.api.OplogEntry;

import java.util.List;

/** The columns an oplog grid shows; the oplog view and an index's page share them. */
final class OplogColumns {

    private OplogColumns() {
    }

    /**
     * Adds time, action, (index,) node, partition, offsets, logs and detail, which go to
     * {@code wideOnly}, and one two-line column with time, action, (index) and detail for a phone,
     * which goes to {@code narrowOnly}.
     */
    static void add(Grid<OplogEntry> grid, boolean withIndex, List<Grid.Column<?>> wideOnly,
                    List<Grid.Column<?>> narrowOnly) {
        wideOnly.add(grid.addColumn(e -> Formats.time(e.time())).setHeader("Time (UTC)").setWidth("13rem")
                .setFlexGrow(0).setPartNameGenerator(e -> "time-cell"));
        wideOnly.add(grid.addColumn(e -> e.action().name()).setHeader("Action").setWidth("8rem").setFlexGrow(0)
                .setPartNameGenerator(e -> "action-cell"));
        if (withIndex) {
            wideOnly.add(grid.addColumn(OplogColumns::index).setHeader("Index").setFlexGrow(1)
                    .setPartNameGenerator(e -> "index-cell"));
        }
        wideOnly.add(grid.addColumn(OplogEntry::node).setHeader("Node").setAutoWidth(true).setFlexGrow(0));
        wideOnly.add(grid.addColumn(e -> e.partition() == null ? "" : String.valueOf(e.partition()))
                .setHeader("Part.").setTextAlign(ColumnTextAlign.END).setWidth("4.5rem").setFlexGrow(0));
        wideOnly.add(grid.addColumn(e -> Formats.range(e.fromOffset(), e.toOffset())).setHeader("Offsets").setAutoWidth(true).setFlexGrow(0));
        wideOnly.add(grid.addColumn(e -> e.documents() == null ? "" : Formats.count(e.documents()))
                .setHeader("Logs").setTextAlign(ColumnTextAlign.END).setWidth("6rem").setFlexGrow(0));
        wideOnly.add(grid.addColumn(OplogColumns::detail).setHeader("Detail").setFlexGrow(withIndex ? 1 : 2)
                .setTooltipGenerator(OplogColumns::detail));

        // escaped text through a LitRenderer: two lines per entry, no component per row
        Grid.Column<OplogEntry> compact = grid.addColumn(LitRenderer.<OplogEntry>of(
                        "<div class=\"oplog-compact\"><span class=\"oplog-time\">${item.time}</span> "
                                + "<b>${item.action}</b><br><span>${item.what}</span></div>")
                .withProperty("time", e -> Formats.time(e.time()))
                .withProperty("action", e -> e.action().name())
                .withProperty("what", e -> withIndex ? join(index(e), detail(e)) : detail(e)))
                .setHeader(withIndex ? "Time (UTC) · action · index" : "Time (UTC) · action").setFlexGrow(1);
        compact.setVisible(false); // until the browser says it is narrow
        narrowOnly.add(compact);
    }

    private static String index(OplogEntry e) {
        return e.index().isEmpty() ? "–" : e.index();
    }

    private static String detail(OplogEntry e) {
        return e.detail() == null ? "" : e.detail();
    }

    private static String join(String a, String b) {
        return b.isEmpty() ? a : a + " · " + b;
    }
}
