package org.observer.web.console;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import org.observer.api.NodeInfo;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One node's figures as a card: cards wrap, so any number of nodes fits a phone's width. */
final class NodeCard {

    private NodeCard() {
    }

    static Div of(NodeInfo n) {
        Span name = new Span(n.name());
        name.addClassName("node-name");
        Span state = new Span(n.state().name().toLowerCase(Locale.ROOT));
        state.addClassNames("state", "node-state-" + n.state().name().toLowerCase(Locale.ROOT));
        Div head = new Div(name, state);
        head.addClassName("node-head");
        Div card = new Div(head,
                row("Partitions", list(n.partitions()), "node-partitions"),
                row("Replicas", list(n.replicas()), "node-replicas"),
                row("Ingest", Formats.rate(n.ingestRate()), "node-rate"),
                row("Lag", Formats.count(n.lag()), "node-lag"),
                row("Heap", Formats.bytes(n.heapUsedBytes()) + " of " + Formats.bytes(n.heapMaxBytes()), "node-heap"),
                row("Disk", Formats.bytes(n.diskBytes()) + " used · " + Formats.bytes(n.diskFreeBytes()) + " free", "node-disk"),
                row("Memory", Formats.bytes(n.memoryUsedBytes()) + " of " + Formats.bytes(n.memoryBudgetBytes()), "node-memory"),
                row("Open indexes", String.valueOf(n.openIndexes()), "node-open"),
                row("Version", n.version(), "node-version"));
        if (!n.handingOver().isEmpty()) {
            card.add(row("Handing over", list(n.handingOver()), "node-handing-over"));
        }
        card.addClassName("node-card");
        card.getElement().setAttribute("data-node", n.name());
        return card;
    }

    private static Div row(String label, String value, String className) {
        Span l = new Span(label);
        l.addClassName("figure-label");
        Span v = new Span(value == null ? "–" : value);
        v.addClassNames("figure-value", className);
        Div row = new Div(l, v);
        row.addClassName("node-row");
        return row;
    }

    private static String list(List<Integer> numbers) {
        return numbers.isEmpty() ? "none" : numbers.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
