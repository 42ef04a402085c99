package org.observer.web.console;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;
import org.observer.api.ObserverException;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Search: a query, an index pattern and a time range (UTC) give the newest matching logs. */
@Route("")
@PageTitle("The Observer — Search")
public class SearchView extends VerticalLayout {

    private final SearchService search;
    private final TextField query = new TextField("Query");
    private final TextField index = new TextField("Index");
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final Span status = new Span();
    private final Grid<SearchHit> hits = new Grid<>();

    @Inject
    public SearchView(SearchService search) {
        this.search = search;
        setSizeFull();

        query.setId("query");
        query.setPlaceholder("error user:alice");
        query.setWidth("28em");
        index.setId("index");
        index.setValue("*");
        from.setId("from");
        to.setId("to");
        Button run = new Button("Search", e -> runSearch());
        run.setId("search");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        run.addClickShortcut(Key.ENTER);

        HorizontalLayout form = new HorizontalLayout(query, index, from, to, run);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);

        status.setId("status");
        hits.setId("hits");
        hits.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        hits.addColumn(h -> Instant.ofEpochMilli(h.timestamp()).toString()).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        hits.addColumn(SearchHit::index).setHeader("Index").setAutoWidth(true).setFlexGrow(0);
        hits.addColumn(SearchHit::source).setHeader("Log").setFlexGrow(1);
        hits.setSizeFull();

        add(new H2("The Observer"), form, status, hits);
    }

    private void runSearch() {
        try {
            SearchResult result = search.search(new SearchRequest(index.getValue(), query.getValue(),
                    millis(from.getValue()), millis(to.getValue()), SearchRequest.DEFAULT_SIZE));
            hits.setItems(result.hits());
            status.setText(result.total() + " hits in " + result.tookMs() + " ms");
        } catch (ObserverException e) {
            hits.setItems();
            status.setText(e.getMessage());
        }
    }

    private static Long millis(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
