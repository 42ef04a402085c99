package org.observer.web.console;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;
import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;
import org.observer.api.OplogService;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cluster's actions as archived on this node, newest first, filtered by index, action and time;
 * the grid loads pages as it scrolls. {@code ?index=} opens it on one index.
 */
@Route(value = "oplog", layout = ConsoleLayout.class)
@PageTitle("Oplog · The Observer")
public class OplogView extends VerticalLayout implements BeforeEnterObserver {

    static final String INDEX_PARAM = "index";

    private final OplogService oplog;
    private final TextField index = new TextField("Index");
    private final Select<OplogAction> action = new Select<>();
    private final Select<TimeRange> range = new Select<>();
    private final Span status = new Span();
    private final Grid<OplogEntry> grid = new Grid<>();
    private OplogPages pages;

    @Inject
    public OplogView(OplogService oplog) {
        this.oplog = ConsoleAccess.current().oplog(oplog);
        setSizeFull();

        index.setId("oplog-index");
        index.setPlaceholder("all indexes");
        index.setClearButtonVisible(true);
        index.setValueChangeMode(ValueChangeMode.LAZY);
        action.setId("oplog-action");
        action.setLabel("Action");
        action.setItems(OplogAction.values());
        action.setEmptySelectionAllowed(true);
        action.setEmptySelectionCaption("Any action");
        range.setId("oplog-range");
        range.setLabel("Time range");
        range.setItems(Arrays.stream(TimeRange.values()).filter(r -> r != TimeRange.CUSTOM).toList());
        range.setItemLabelGenerator(r -> r.label);
        range.setValue(TimeRange.ALL);
        index.addValueChangeListener(e -> reload());
        action.addValueChangeListener(e -> reload());
        range.addValueChangeListener(e -> reload());
        Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create(), e -> reload());
        refresh.setId("oplog-refresh");
        HorizontalLayout form = new HorizontalLayout(index, action, range, refresh);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        form.setWidthFull();

        status.setId("oplog-status");
        status.addClassName("search-status");

        grid.setId("oplog");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        List<Grid.Column<?>> wideOnly = new ArrayList<>();
        List<Grid.Column<?>> narrowOnly = new ArrayList<>();
        OplogColumns.add(grid, true, wideOnly, narrowOnly);
        // lazy with no count: the pager reads back in time only as far as the grid scrolls
        grid.setItems(query -> fetch(query.getOffset(), query.getLimit()));
        grid.setEmptyStateText("No actions match.");
        grid.setSizeFull();
        NarrowScreens.adapt(this, wideOnly, narrowOnly);

        add(form, status, grid);
        setFlexGrow(1, grid);
        reload();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<String> values = event.getLocation().getQueryParameters().getParameters().get(INDEX_PARAM);
        if (values != null && !values.isEmpty()) {
            index.setValue(values.get(0)); // reloads
        }
    }

    private void reload() {
        long now = System.currentTimeMillis();
        TimeRange selected = range.getValue();
        long from = selected.span == null ? 0 : now - selected.span.toMillis();
        String name = index.getValue().trim();
        // a minute ahead: entries stamped by a node whose clock runs a little fast still show
        pages = new OplogPages(oplog, name.isEmpty() ? null : name, action.getValue(), from, now + 60_000);
        status.setText("Newest first, as archived on this node.");
        status.setClassName("error", false);
        grid.getDataProvider().refreshAll();
    }

    private Stream<OplogEntry> fetch(int offset, int limit) {
        try {
            return pages.page(offset, limit).stream();
        } catch (RuntimeException e) {
            status.setText(ConsoleErrors.message("Reading the oplog", e));
            status.setClassName("error", true);
            return Stream.empty();
        }
    }
}
