package org.observer.web.console;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Search: a query, an index pattern and a time range give the newest matching logs; a click on a
 * row shows its whole source. All times are UTC, as stored. The form's state is kept in the URL
 * ({@code ?q=..&index=..&range=..}) so a search can be bookmarked or shared and is run on opening.
 */
@Route(value = "", layout = ConsoleLayout.class)
@PageTitle("Search · The Observer")
public class SearchView extends VerticalLayout implements BeforeEnterObserver {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final SearchService search;
    private final TextField query = new TextField();
    private final TextField index = new TextField();
    private final Select<TimeRange> range = new Select<>();
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final Span status = new Span();
    private final Grid<SearchHit> hits = new Grid<>();
    private final Div histogram = new Div();

    @Inject
    public SearchView(SearchService search) {
        this.search = search;
        setSizeFull();

        query.setId("query");
        query.setLabel("Query");
        query.setPlaceholder("error user.name:alice \"connection refused\"");
        query.setHelperText("AND by default · OR · -not · field:value · \"a phrase\" · fail* · status:[400 TO 499] · field:*");
        query.setPrefixComponent(VaadinIcon.SEARCH.create());
        query.setClearButtonVisible(true);
        query.setAutofocus(true);
        query.setMinWidth("16rem");

        index.setId("index");
        index.setLabel("Index");
        index.setValue("*");
        index.setHelperText("name, a,b or prefix-*");
        index.setWidth("12em");

        range.setId("range");
        range.setLabel("Time range");
        range.setItems(TimeRange.values());
        range.setItemLabelGenerator(r -> r.label);
        range.setValue(TimeRange.LAST_24_HOURS);
        range.setWidth("11em");
        range.addValueChangeListener(e -> showCustomRange(e.getValue() == TimeRange.CUSTOM));

        from.setId("from");
        to.setId("to");
        for (DateTimePicker picker : List.of(from, to)) {
            // ISO dates and a 24-hour clock, like the times in the grid
            picker.setLocale(Locale.UK);
            picker.setDatePickerI18n(new DatePicker.DatePickerI18n().setDateFormat("yyyy-MM-dd"));
            picker.setStep(Duration.ofMinutes(1));
            picker.setWidth("16rem");
        }
        showCustomRange(false);

        Button run = new Button("Search", VaadinIcon.SEARCH.create(), e -> runSearch());
        run.setId("search");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        // blur+refocus first so the field being typed in sends its value before the click
        run.addClickShortcut(Key.ENTER).resetFocusOnActiveElement();

        HorizontalLayout form = new HorizontalLayout(query, index, range, from, to, run);
        form.setWidthFull();
        form.setFlexGrow(1, query);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        form.addClassName("search-form");

        status.setId("status");
        status.addClassName("search-status");
        status.setText("Type a query and press Search (or Enter). Click a row to see the whole log.");

        histogram.setId("histogram");
        histogram.addClassName("histogram");
        histogram.setWidthFull();
        histogram.setVisible(false);

        hits.setId("hits");
        hits.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        hits.addColumn(h -> TIME.format(Instant.ofEpochMilli(h.timestamp())))
                .setHeader("Time (UTC)").setWidth("14rem").setFlexGrow(0).setPartNameGenerator(h -> "time-cell");
        hits.addColumn(SearchHit::index).setHeader("Index").setAutoWidth(true).setFlexGrow(0)
                .setPartNameGenerator(h -> "index-cell");
        // a LitRenderer (escaped text, no server-side component per row) so the line can wrap
        hits.addColumn(LitRenderer.<SearchHit>of("<span class=\"log-line\">${item.summary}</span>")
                        .withProperty("summary", h -> LogSources.summary(h.source())))
                .setHeader("Log").setFlexGrow(1).setPartNameGenerator(h -> "log-cell");
        hits.setItemDetailsRenderer(new ComponentRenderer<>(SearchView::details));
        hits.setEmptyStateText("No logs to show yet.");
        hits.setSizeFull();

        add(form, status, histogram, hits);
        setFlexGrow(1, hits);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> params = event.getLocation().getQueryParameters().getParameters();
        if (params.isEmpty()) {
            return;
        }
        param(params, "q").ifPresent(query::setValue);
        param(params, "index").ifPresent(index::setValue);
        param(params, "range").flatMap(TimeRange::byKey).ifPresent(range::setValue);
        param(params, "from").map(SearchView::parseUtc).ifPresent(from::setValue);
        param(params, "to").map(SearchView::parseUtc).ifPresent(to::setValue);
        runSearch();
    }

    private void runSearch() {
        Long fromMillis;
        Long toMillis;
        TimeRange selected = range.getValue();
        if (selected == TimeRange.CUSTOM) {
            fromMillis = millis(from.getValue());
            toMillis = millis(to.getValue());
        } else {
            fromMillis = selected.span == null ? null : System.currentTimeMillis() - selected.span.toMillis();
            toMillis = null;
        }
        rememberInUrl();
        try {
            SearchResult result = search.search(new SearchRequest(index.getValue().trim(), query.getValue(),
                    fromMillis, toMillis, SearchRequest.DEFAULT_SIZE, null, "auto", List.of(),
                    SearchRequest.DEFAULT_TERMS_SIZE, false));
            drawHistogram(result.histogram());
            hits.setItems(result.hits());
            hits.recalculateColumnWidths(); // the index column fits the names of this result
            hits.setEmptyStateText("No logs match. Widen the time range, check the index pattern, or drop a term.");
            showStatus(describe(result), false);
        } catch (RuntimeException e) {
            String message = ConsoleErrors.message("Search", e);
            histogram.setVisible(false);
            hits.setItems();
            hits.setEmptyStateText("The search failed: see the message above.");
            showStatus(message, true);
            ConsoleErrors.notify(message);
        }
    }

    /**
     * Matches over time as SVG bars (Vaadin's chart component is commercial): one bar per bucket,
     * scaled to the fullest, each with a tooltip giving its start and count.
     */
    private void drawHistogram(SearchResult.Histogram buckets) {
        if (buckets == null || buckets.counts().isEmpty()) {
            histogram.setVisible(false);
            return;
        }
        List<Long> counts = buckets.counts();
        long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
        int n = counts.size();
        // As markup: elements made one by one through the Element API would be HTML elements
        // named "svg" and "rect", which browsers do not draw; the HTML parser puts these in SVG.
        StringBuilder svg = new StringBuilder("<svg viewBox=\"0 0 ").append(n * 10)
                .append(" 100\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"matches over time\">");
        NumberFormat format = NumberFormat.getIntegerInstance(Locale.US);
        for (int i = 0; i < n; i++) {
            long count = counts.get(i);
            double height = max == 0 ? 0 : Math.max(count > 0 ? 2 : 0, 100.0 * count / max);
            svg.append("<rect class=\"bar\" x=\"").append(i * 10 + 1).append("\" y=\"").append(100 - height)
                    .append("\" width=\"8\" height=\"").append(height).append("\" data-count=\"").append(count)
                    .append("\"><title>").append(TIME.format(Instant.ofEpochMilli(buckets.start() + i * buckets.intervalMs())))
                    .append(" · ").append(format.format(count)).append("</title></rect>");
        }
        histogram.getElement().setProperty("innerHTML", svg.append("</svg>").toString());
        histogram.setVisible(true);
    }

    private static String describe(SearchResult result) {
        NumberFormat count = NumberFormat.getIntegerInstance(Locale.US);
        String text = count.format(result.total()) + (result.total() == 1 ? " hit" : " hits")
                + " in " + result.tookMs() + " ms";
        if (result.total() > result.hits().size()) {
            text += " · showing the newest " + count.format(result.hits().size());
        }
        return text;
    }

    private void showStatus(String text, boolean error) {
        status.setText(text);
        status.setClassName("error", error);
    }

    private void showCustomRange(boolean custom) {
        from.setVisible(custom);
        to.setVisible(custom);
        if (custom && from.isEmpty() && to.isEmpty()) {
            // start from the last hour so the pickers are never blank when they appear
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
            from.setValue(now.minusHours(1));
            to.setValue(now.plusMinutes(1));
        }
    }

    private static Div details(SearchHit hit) {
        Span meta = new Span(hit.index() + " · id " + hit.id() + " · "
                + DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(hit.timestamp())));
        meta.addClassName("log-meta");
        Pre source = new Pre(LogSources.pretty(hit.source()));
        source.addClassName("log-source");
        Div details = new Div(meta, source);
        details.addClassName("log-details");
        return details;
    }

    /** Puts the form into the URL without navigating, so reload, bookmarks and links repeat it. */
    private void rememberInUrl() {
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.getValue().isBlank()) {
            params.put("q", query.getValue());
        }
        params.put("index", index.getValue());
        params.put("range", range.getValue().key);
        if (range.getValue() == TimeRange.CUSTOM) {
            if (from.getValue() != null) {
                params.put("from", from.getValue().toInstant(ZoneOffset.UTC).toString());
            }
            if (to.getValue() != null) {
                params.put("to", to.getValue().toInstant(ZoneOffset.UTC).toString());
            }
        }
        getUI().ifPresent(ui -> ui.getPage().getHistory()
                .replaceState(null, new Location("", QueryParameters.simple(params))));
    }

    private static Optional<String> param(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static LocalDateTime parseUtc(String instant) {
        try {
            return LocalDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long millis(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
