package org.observer.web.console;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.renderer.LitRenderer;
import org.observer.api.SearchHit;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The hits, newest first: time, index and the log's line with the matched terms marked. Pages are
 * fetched with the cursor as the grid scrolls near the end of what it holds, never all at once (a
 * match-everything query over millions of logs must stay one page). A row opens to its source.
 */
final class HitList extends Composite<Grid<SearchHit>> {

    /** Hits per request while scrolling: a few screens, so a fast scroll needs few round trips. */
    private static final int PAGE = 200;

    private final SearchService search;
    private final Consumer<SearchHit> onContext;
    private final List<SearchHit> loaded = new ArrayList<>();
    private SearchScope scope;
    private String next;

    HitList(SearchService search, Consumer<SearchHit> onContext) {
        this.search = search;
        this.onContext = onContext;
    }

    @Override
    protected Grid<SearchHit> initContent() {
        Grid<SearchHit> grid = new Grid<>();
        grid.setId("hits");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(h -> SearchView.TIME.format(Instant.ofEpochMilli(h.timestamp())))
                .setHeader("Time (UTC)").setWidth("13.5rem").setFlexGrow(0).setPartNameGenerator(h -> "time-cell");
        grid.addColumn(SearchHit::index).setHeader("Index").setWidth("9rem").setFlexGrow(0)
                .setPartNameGenerator(h -> "index-cell");
        // a LitRenderer (escaped text, no server-side component per row) so the line can wrap;
        // "parts" alternates plain text and a match, so matches are marked without any HTML from us
        grid.addColumn(LitRenderer.<SearchHit>of("<span class=\"log-line\">${item.parts.map((text, i) => "
                                + "i % 2 ? html`<mark>${text}</mark>` : text)}</span>")
                        .withProperty("parts", HitList::parts))
                .setHeader("Log").setFlexGrow(1).setPartNameGenerator(h -> "log-cell");
        grid.setItemDetailsRenderer(new ComponentRenderer<>(this::details));
        grid.setEmptyStateText("No logs to show yet.");
        grid.setSizeFull();
        return grid;
    }

    /**
     * Shows a search whose first page is already fetched (it carried the total and histogram too);
     * later pages are asked for as the grid needs them.
     */
    void show(SearchScope scope, SearchResult first) {
        this.scope = scope;
        loaded.clear();
        loaded.addAll(first.hits());
        next = first.next();
        Grid<SearchHit> grid = getContent();
        grid.setItems(this::fetch); // no count: the grid grows its estimate as it scrolls
        grid.setEmptyStateText("No logs match. Widen the time range, check the index pattern, or drop a term.");
    }

    void clear(String emptyText) {
        scope = null;
        loaded.clear();
        next = null;
        getContent().setItems(List.of());
        getContent().setEmptyStateText(emptyText);
    }

    /** The hits fetched so far (the first page, then whatever scrolling asked for). */
    List<SearchHit> loaded() {
        return List.copyOf(loaded);
    }

    private Stream<SearchHit> fetch(Query<SearchHit, Void> query) {
        int offset = query.getOffset();
        int end = offset + query.getLimit();
        while (loaded.size() < end && next != null && scope != null) {
            try {
                SearchResult page = search.search(scope.page(PAGE, next, null));
                loaded.addAll(page.hits());
                next = page.next();
            } catch (RuntimeException e) {
                next = null; // the list ends here; the next search starts afresh
                ConsoleErrors.notify(ConsoleErrors.message("Loading more hits", e));
            }
        }
        return loaded.subList(Math.min(offset, loaded.size()), Math.min(end, loaded.size())).stream();
    }

    /** The row's line split at its highlights: plain, match, plain, match, ... */
    static List<String> parts(SearchHit hit) {
        LogSources.Line line = LogSources.line(hit.source());
        List<String> parts = new ArrayList<>();
        int at = 0;
        String text = line.text();
        List<SearchHit.Highlight> spans = line.field() == null ? List.of() : hit.highlight().getOrDefault(line.field(), List.of());
        for (SearchHit.Highlight span : spans) {
            if (span.value() != 0 || span.start() < at || span.end() > text.length()) {
                continue; // another value of the field, or not within this text
            }
            parts.add(text.substring(at, span.start()));
            parts.add(text.substring(span.start(), span.end()));
            at = span.end();
        }
        parts.add(text.substring(at));
        return parts;
    }

    private Div details(SearchHit hit) {
        Span meta = new Span(hit.index() + " · id " + hit.id() + " · "
                + DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(hit.timestamp())));
        meta.addClassName("log-meta");
        String pretty = LogSources.pretty(hit.source());
        Pre source = new Pre(pretty);
        source.addClassName("log-source");

        Button copy = new Button("Copy JSON", VaadinIcon.COPY_O.create());
        copy.addClassName("copy-json");
        copy.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        copy.addClickListener(e -> copy.getElement()
                // the clipboard needs a secure context and the user's permission; say when it refused
                .executeJs("return navigator.clipboard ? navigator.clipboard.writeText($0).then(() => true, () => false) : false",
                        pretty)
                .then(Boolean.class, done -> copy.setText(Boolean.TRUE.equals(done) ? "Copied" : "Select the text to copy")));
        Button context = new Button("Context", VaadinIcon.LINES_LIST.create(), e -> onContext.accept(hit));
        context.addClassName("show-context");
        context.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        context.getElement().setAttribute("title", "The logs just before and after this one in " + hit.index());
        Div actions = new Div(meta, copy, context);
        actions.addClassName("log-actions");
        Div details = new Div(actions, source);
        details.addClassName("log-details");
        return details;
    }
}
