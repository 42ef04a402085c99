package org.observer.web.console;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SearchResult;
import org.observer.api.SearchService;
import org.observer.search.SearchCursor;
import org.observer.web.es.OldestFirst;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The logs just before and after one hit in its index, whatever the query was (what happened
 * around an error is rarely what matched it), oldest at the top, the hit marked. Pages extend
 * either way on demand.
 */
final class ContextDialog extends Dialog {

    /** Logs added per side and per "More": Kibana's default, enough to read around a line. */
    static final int STEP = 5;

    private final SearchService search;
    private final SearchHit hit;
    private final Div rows = new Div();
    private final Span error = new Span();
    private final Button moreBefore = new Button("More before", VaadinIcon.ARROW_UP.create(), e -> addBefore());
    private final Button moreAfter = new Button("More after", VaadinIcon.ARROW_DOWN.create(), e -> addAfter());
    private SearchHit oldest;
    private SearchHit newest;

    ContextDialog(SearchService search, SearchHit hit) {
        this.search = search;
        this.hit = hit;
        this.oldest = hit;
        this.newest = hit;
        setId("context");
        addClassName("context-dialog");
        setHeaderTitle("Around " + SearchView.TIME.format(Instant.ofEpochMilli(hit.timestamp())) + " in " + hit.index());
        Button close = new Button(VaadinIcon.CLOSE.create(), e -> close());
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        close.setAriaLabel("Close");
        getHeader().add(close);

        moreBefore.setId("context-more-before");
        moreAfter.setId("context-more-after");
        for (Button more : List.of(moreBefore, moreAfter)) {
            more.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        }
        rows.addClassName("context-rows");
        error.addClassName("context-error");
        error.setVisible(false);
        add(moreBefore, rows, moreAfter, error);

        rows.add(row(hit, true));
        addBefore();
        addAfter();
    }

    /** Older logs: newest first up to the oldest shown, its own millisecond included, after its cursor. */
    private void addBefore() {
        try {
            SearchResult older = search.search(new SearchRequest(hit.index(), "", null, oldest.timestamp() + 1, STEP,
                    SearchCursor.after(oldest).encode(), null, List.of(), SearchRequest.DEFAULT_TERMS_SIZE, false));
            List<SearchHit> page = new ArrayList<>(older.hits());
            Collections.reverse(page); // oldest at the top, as one reads a log
            for (int i = page.size() - 1; i >= 0; i--) {
                rows.addComponentAsFirst(row(page.get(i), false));
            }
            if (!page.isEmpty()) {
                oldest = page.get(0);
            }
            moreBefore.setEnabled(older.next() != null && page.size() == STEP);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Newer logs: oldest first from the newest shown, after its cursor. */
    private void addAfter() {
        try {
            SearchRequest newer = new SearchRequest(hit.index(), "", newest.timestamp(), null, STEP, null, null, List.of(),
                    SearchRequest.DEFAULT_TERMS_SIZE, false);
            List<SearchHit> page = OldestFirst.page(newer, SearchCursor.after(newest), 0, STEP, search::search);
            page.forEach(h -> rows.add(row(h, false)));
            if (!page.isEmpty()) {
                newest = page.get(page.size() - 1);
            }
            // a short page is the end for now; logs written later come with the next opening
            moreAfter.setEnabled(page.size() == STEP);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        error.setText(ConsoleErrors.message("Loading the context", e));
        error.setVisible(true);
    }

    private static Div row(SearchHit log, boolean anchor) {
        Span time = new Span(SearchView.TIME.format(Instant.ofEpochMilli(log.timestamp())));
        time.addClassName("context-time");
        Span line = new Span(LogSources.summary(log.source()));
        line.addClassName("context-line");
        Div row = new Div(time, line);
        row.addClassName("context-row");
        row.getElement().setAttribute("data-id", log.id());
        if (anchor) {
            row.addClassName("context-anchor");
            row.getElement().setAttribute("aria-current", "true");
        }
        return row;
    }
}
