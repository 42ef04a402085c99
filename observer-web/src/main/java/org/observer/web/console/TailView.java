package org.observer.web.console;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.inject.Inject;
import org.observer.api.SearchHit;
import org.observer.api.SearchService;

import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Live tail: the logs matching a query in an index pattern, newest on top, pushed to the page
 * (Vaadin {@code @Push} on {@link ConsoleShell}) within a poll of becoming searchable. Pause stops
 * the searching; Resume catches up. Only the newest {@code max} rows are kept. State is in the
 * URL: {@code /tail?index=app-*&q=error&max=1000}.
 */
@Route(value = "tail", layout = ConsoleLayout.class)
@PageTitle("Live tail · The Observer")
public class TailView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final SearchService search;
    private final TextField query = new TextField("Query");
    private final TextField index = new TextField("Index");
    private final Button pause = new Button("Pause", VaadinIcon.PAUSE.create());
    private final Span state = new Span();
    private final Span rate = new Span();
    private final Span lines = new Span();
    private final Span skipped = new Span();
    private final Grid<SearchHit> grid = new Grid<>();

    @Inject
    ConsoleScheduler scheduler;

    private TailQuery tail = new TailQuery(null, null, TailQuery.DEFAULT_MAX);
    private TailRows rows = new TailRows(tail.max());
    private ListDataProvider<SearchHit> provider;
    private TailPoller poller;
    private boolean paused;
    private long lineCount;
    private long skippedCount;

    @Inject
    public TailView(SearchService search) {
        this.search = ConsoleAccess.current().searches(search); // the tail polls with the caller who opened it
        setSizeFull();

        query.setId("query");
        query.setPlaceholder("error -debug service:api");
        query.setPrefixComponent(VaadinIcon.SEARCH.create());
        query.setClearButtonVisible(true);
        query.setMinWidth("16rem");
        index.setId("index");
        index.setHelperText("name, a,b or prefix-*");
        index.setWidth("12em");

        Button follow = new Button("Tail", VaadinIcon.PLAY.create(), e -> {
            showPaused(false); // asking for a new tail means watching it
            follow(new TailQuery(index.getValue(), query.getValue(), tail.max()));
        });
        follow.setId("follow");
        follow.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        // blur+refocus first so the field being typed in sends its value before the click
        follow.addClickShortcut(Key.ENTER).resetFocusOnActiveElement();
        pause.setId("pause");
        pause.addClickListener(e -> setPaused(!paused));

        HorizontalLayout form = new HorizontalLayout(query, index, follow, pause);
        form.setWidthFull();
        form.setFlexGrow(1, query);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        form.addClassName("search-form");

        state.setId("tail-state");
        rate.setId("rate");
        lines.setId("lines");
        skipped.setId("skipped");
        HorizontalLayout status = new HorizontalLayout(state, rate, lines, skipped);
        status.addClassName("search-status");

        grid.setId("rows");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(h -> TIME.format(Instant.ofEpochMilli(h.timestamp())))
                .setHeader("Time (UTC)").setWidth("14rem").setFlexGrow(0).setPartNameGenerator(h -> "time-cell");
        grid.addColumn(SearchHit::index).setHeader("Index").setWidth("12rem").setFlexGrow(0)
                .setPartNameGenerator(h -> "index-cell");
        // summaries are made only for the rows the browser shows, not for every row kept
        grid.addColumn(LitRenderer.<SearchHit>of("<span class=\"log-line\">${item.summary}</span>")
                        .withProperty("summary", h -> LogSources.summary(h.source())))
                .setHeader("Log").setFlexGrow(1).setPartNameGenerator(h -> "log-cell");
        grid.setItemDetailsRenderer(new ComponentRenderer<>(TailView::details));
        grid.setEmptyStateText("Waiting for matching logs…");
        grid.setSizeFull();

        add(form, status, grid);
        setFlexGrow(1, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        TailQuery asked = TailQuery.from(event.getLocation().getQueryParameters());
        index.setValue(asked.index());
        query.setValue(asked.query());
        tail = asked;
        if (isAttached()) {
            follow(asked); // the same view reached with other parameters
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        follow(tail);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        stopPolling();
    }

    /** Starts tailing {@code asked} afresh: empty rows, counts from zero, a new cursor. */
    private void follow(TailQuery asked) {
        stopPolling();
        tail = asked;
        getUI().ifPresent(ui -> ui.getPage().getHistory()
                .replaceState(null, new Location("tail", asked.toParameters())));
        rows = new TailRows(asked.max());
        provider = new ListDataProvider<>(rows.list()) {
            @Override
            public Object getId(SearchHit hit) {
                return hit.index() + '\0' + hit.id(); // cheaper than hashing a whole record
            }
        };
        grid.setItems(provider);
        lineCount = 0;
        skippedCount = 0;
        showCounts(0);
        showState(paused ? "Paused" : "Live", false);
        ToPage toPage = new ToPage(getUI().orElseThrow());
        poller = new TailPoller(search, asked, toPage, Clock.systemUTC());
        toPage.owner = poller;
        poller.setPaused(paused);
        poller.start(scheduler.executor());
    }

    private void stopPolling() {
        if (poller != null) {
            poller.stop();
            poller = null;
        }
    }

    private void setPaused(boolean paused) {
        showPaused(paused);
        if (poller != null && !poller.isStopped()) {
            poller.setPaused(paused);
            showState(paused ? "Paused" : "Live", false);
        } else if (!paused) {
            follow(tail); // a stopped tail (after an error) starts again on Resume
        }
    }

    private void showPaused(boolean paused) {
        this.paused = paused;
        pause.setText(paused ? "Resume" : "Pause");
        pause.setIcon(paused ? VaadinIcon.PLAY.create() : VaadinIcon.PAUSE.create());
    }

    private void show(TailBatch batch, double perSecond, boolean partial) {
        if (!batch.fresh().isEmpty()) {
            rows.addNewest(batch.fresh());
            provider.refreshAll();
        }
        lineCount += batch.lines();
        skippedCount += batch.skipped();
        showCounts(perSecond);
        if (partial) {
            showState("Partial: some partitions did not answer", true);
        } else if (!paused) {
            showState("Live", false);
        }
    }

    private void showCounts(double perSecond) {
        NumberFormat count = NumberFormat.getIntegerInstance(Locale.US);
        // a decimal helps only while the rate is small
        rate.setText((perSecond < 10 ? String.format(Locale.US, "%.1f", perSecond) : count.format(Math.round(perSecond)))
                + " lines/s");
        lines.setText(count.format(lineCount) + (lineCount == 1 ? " line" : " lines")
                + " · newest " + count.format(rows.max()) + " kept");
        skipped.setText(count.format(skippedCount) + " more skipped");
        skipped.setVisible(skippedCount > 0);
    }

    private void showState(String text, boolean error) {
        state.setText(text);
        state.setClassName("error", error);
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

    /**
     * Carries what the poller finds onto the UI thread; with push, the change reaches the page
     * when the access ends. Polls that change nothing on the page are not sent. A poller whose
     * page is gone stops.
     */
    private final class ToPage implements TailPoller.Listener {

        private final UI ui;
        /** Set before polling starts; compared on the UI thread so a replaced tail changes nothing. */
        volatile TailPoller owner;
        /** What the last update showed besides rows; used on the polling thread only. */
        private String lastShown;

        ToPage(UI ui) {
            this.ui = ui;
        }

        @Override
        public void found(TailBatch batch, double linesPerSecond, boolean partial) {
            String shown = String.format(Locale.US, "%.1f %b", linesPerSecond, partial);
            if (batch.lines() == 0 && shown.equals(lastShown)) {
                return;
            }
            lastShown = shown;
            access(() -> show(batch, linesPerSecond, partial));
        }

        @Override
        public void waiting(String reason) {
            if (reason.equals(lastShown)) {
                return;
            }
            lastShown = reason;
            access(() -> showState(reason, false));
        }

        @Override
        public void failed(String message, boolean stopped) {
            lastShown = null;
            access(() -> {
                showState(message, true);
                if (stopped) {
                    setPaused(true);
                }
            });
        }

        private void access(Runnable change) {
            TailPoller mine = owner;
            try {
                ui.access(() -> {
                    if (poller == mine) {
                        change.run();
                    }
                });
            } catch (UIDetachedException e) {
                mine.stop();
            }
        }
    }
}
