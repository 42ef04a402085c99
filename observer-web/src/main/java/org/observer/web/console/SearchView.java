package org.observer.web.console;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;
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
 * Search, as Discover users know it: a query, an index pattern and a time range give the matches'
 * histogram (click or drag to zoom), the fields of the hits with their top values (click to filter),
 * and the newest matching logs with the matched terms marked, loaded as one scrolls; a row opens to
 * its source and to the logs around it. All times are UTC, as stored. The form's state is kept in the
 * URL ({@code ?q=..&index=..&range=..[&from=..&to=..]}) so a search, zoom included, can be bookmarked
 * or shared and is run on opening.
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
    private final HistogramChart histogram = new HistogramChart(this::zoom);
    private final FieldsSidebar fields;
    private final HitList hits;
    private SearchScope scope;
    /**
     * A custom range to the millisecond (a zoom, or from the URL): the pickers step by minutes, so
     * they show it but cannot hold it. Dropped when the user picks another time.
     */
    private Long exactFrom;
    private Long exactTo;

    @Inject
    public SearchView(SearchService search) {
        this.search = ConsoleAccess.current().searches(search);
        this.fields = new FieldsSidebar(this::topValues, this::filter);
        this.hits = new HitList(this.search, hit -> new ContextDialog(this.search, hit).open());
        setSizeFull();

        query.setId("query");
        query.setLabel("Query");
        query.setPlaceholder("error user.name:alice \"connection refused\"");
        query.setHelperText("AND by default · OR · -not · field:value · \"a phrase\" · fail* · status:[400 TO 499] · field:* · / to focus");
        query.setPrefixComponent(VaadinIcon.SEARCH.create());
        query.setClearButtonVisible(true);
        query.setAutofocus(true);
        query.setMinWidth("min(16rem, 100%)");
        // the error under the box is ours (a query syntax error), not the field's own validation
        query.setManualValidation(true);
        query.addValueChangeListener(e -> query.setInvalid(false));

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
            picker.setMaxWidth("100%");
        }
        from.addValueChangeListener(e -> exactFrom = keepExact(exactFrom, e.getValue(), e.isFromClient()));
        to.addValueChangeListener(e -> exactTo = keepExact(exactTo, e.getValue(), e.isFromClient()));
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

        fields.setVisible(false);
        Div body = new Div(fields, hits);
        body.addClassName("search-body");
        body.setWidthFull();

        add(form, status, histogram, body);
        setFlexGrow(1, body);
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        // "/" focuses the query box, as in Kibana and GitHub, unless one is typing in a field already
        attach.getUI().getPage().executeJs("""
                if (!window.observerSlashFocus) {
                  window.observerSlashFocus = true;
                  document.addEventListener('keydown', e => {
                    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
                    const target = e.composedPath()[0];
                    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
                    const box = document.getElementById('query');
                    if (!box) return;
                    e.preventDefault();
                    box.focus();
                  });
                }""");
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
        Long fromParam = param(params, "from").map(SearchView::parseMillis).orElse(null);
        Long toParam = param(params, "to").map(SearchView::parseMillis).orElse(null);
        if (fromParam != null) {
            from.setValue(utc(fromParam));
        }
        if (toParam != null) {
            to.setValue(utc(toParam));
        }
        exactFrom = fromParam;
        exactTo = toParam;
        runSearch();
    }

    /** The histogram's zoom: a custom range to the millisecond, searched and put in the URL at once. */
    private void zoom(long fromMillis, long toMillis) {
        range.setValue(TimeRange.CUSTOM);
        from.setValue(utc(fromMillis));
        to.setValue(utc(toMillis));
        exactFrom = fromMillis;
        exactTo = toMillis;
        runSearch();
    }

    /** A value from the fields sidebar added to the query, which runs again. */
    private void filter(String field, String value, boolean exclude) {
        query.setValue(QueryClauses.withFilter(query.getValue(), field, value, exclude));
        runSearch();
    }

    private List<SearchResult.TermCount> topValues(String field) {
        if (scope == null) {
            return List.of();
        }
        return search.search(scope.topValues(field, SearchRequest.DEFAULT_TERMS_SIZE)).terms()
                .getOrDefault(field, List.of());
    }

    private void runSearch() {
        Long fromMillis;
        Long toMillis;
        TimeRange selected = range.getValue();
        if (selected == TimeRange.CUSTOM) {
            fromMillis = exactFrom != null ? exactFrom : millis(from.getValue());
            toMillis = exactTo != null ? exactTo : millis(to.getValue());
        } else {
            fromMillis = selected.span == null ? null : System.currentTimeMillis() - selected.span.toMillis();
            toMillis = null;
        }
        rememberInUrl(fromMillis, toMillis);
        SearchScope asked = new SearchScope(index.getValue().trim(), query.getValue(), fromMillis, toMillis);
        try {
            SearchResult result = search.search(asked.page(SearchRequest.DEFAULT_SIZE, null, "auto"));
            scope = asked;
            query.setInvalid(false);
            histogram.show(result.histogram(), fromMillis, toMillis);
            hits.show(asked, result);
            fields.show(result.hits());
            showStatus(describe(result), false);
        } catch (RuntimeException e) {
            scope = null;
            String message = ConsoleErrors.message("Search", e);
            histogram.setVisible(false);
            fields.setVisible(false);
            hits.clear("The search failed: see the message above.");
            showStatus(message, true);
            pointAtError(message);
            ConsoleErrors.notify(message);
        }
    }

    /** A query syntax error is shown under the box, marked where it is, and the caret put there. */
    private void pointAtError(String message) {
        int position = QueryClauses.errorPosition(message);
        if (position < 0) {
            return;
        }
        String text = query.getValue();
        query.setErrorMessage(message + " — " + QueryClauses.pointAt(text, position));
        query.setInvalid(true);
        int at = Math.min(position, text.length());
        query.getElement().executeJs("const input = this.inputElement; if (input) { input.focus();"
                + " input.setSelectionRange($0, $1); }", at, Math.min(at + 1, text.length()));
    }

    private static String describe(SearchResult result) {
        NumberFormat count = NumberFormat.getIntegerInstance(Locale.US);
        String text = count.format(result.total()) + (result.total() == 1 ? " hit" : " hits")
                + " in " + result.tookMs() + " ms";
        if (result.partial()) {
            text += " · partial: partitions " + result.partitions().missing() + " did not answer";
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

    /**
     * The exact bound survives a picker change that only rounds it to the picker's minute (the
     * browser's time picker may echo it back rounded); a time the user picked replaces it.
     */
    private static Long keepExact(Long exact, LocalDateTime picked, boolean fromUser) {
        if (exact == null || !fromUser) {
            return exact;
        }
        LocalDateTime minute = utc(exact).truncatedTo(ChronoUnit.MINUTES);
        return picked != null && picked.truncatedTo(ChronoUnit.MINUTES).equals(minute) ? exact : null;
    }

    /** Puts the form into the URL without navigating, so reload, bookmarks and links repeat it. */
    private void rememberInUrl(Long fromMillis, Long toMillis) {
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.getValue().isBlank()) {
            params.put("q", query.getValue());
        }
        params.put("index", index.getValue());
        params.put("range", range.getValue().key);
        if (range.getValue() == TimeRange.CUSTOM) {
            if (fromMillis != null) {
                params.put("from", Instant.ofEpochMilli(fromMillis).toString());
            }
            if (toMillis != null) {
                params.put("to", Instant.ofEpochMilli(toMillis).toString());
            }
        }
        getUI().ifPresent(ui -> ui.getPage().getHistory()
                .replaceState(null, new Location("", QueryParameters.simple(params))));
    }

    private static Optional<String> param(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Long parseMillis(String instant) {
        try {
            return Instant.parse(instant).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDateTime utc(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static Long millis(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
