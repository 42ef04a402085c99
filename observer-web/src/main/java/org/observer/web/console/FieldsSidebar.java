package org.observer.web.console;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.observer.analysis.FieldValue;
import org.observer.api.SearchHit;
import org.observer.api.SearchResult.TermCount;
import org.observer.logs.JsonFields;

import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fields of the hits on show, each opening to its most frequent values over every match of the
 * query (asked only when opened: one terms count per field someone looks at, not per field there is).
 * A value filters the search to it, or out of it.
 */
final class FieldsSidebar extends Div {

    /** The top values of a field over every match; may throw what the search throws. */
    interface TopValues {
        List<TermCount> of(String field);
    }

    /** Told to narrow the query to {@code field:"value"}, or to leave it out. */
    interface Filter {
        void add(String field, String value, boolean exclude);
    }

    private final TopValues topValues;
    private final Filter filter;
    private final Div list = new Div();

    FieldsSidebar(TopValues topValues, Filter filter) {
        this.topValues = topValues;
        this.filter = filter;
        setId("fields");
        addClassName("fields-sidebar");
        H2 title = new H2("Fields");
        title.addClassName("fields-title");
        list.addClassName("fields-list");
        add(title, list);
    }

    /** Lists the fields found in {@code hits} (the time field is the histogram's, not a filter). */
    void show(List<SearchHit> hits) {
        list.removeAll();
        Map<String, Integer> present = new TreeMap<>();
        for (SearchHit hit : hits) {
            Set<String> names = new HashSet<>();
            for (FieldValue value : JsonFields.indexed(hit.source().getBytes(StandardCharsets.UTF_8))) {
                names.add(value.name());
            }
            names.forEach(name -> present.merge(name, 1, Integer::sum));
        }
        present.forEach((name, count) -> list.add(field(name, count, hits.size())));
        setVisible(!present.isEmpty());
    }

    private Details field(String name, int inHits, int hits) {
        Span label = new Span(name);
        label.addClassName("field-name");
        Span share = new Span(inHits + "/" + hits);
        share.addClassName("field-share");
        share.getElement().setAttribute("title", "in " + inHits + " of the " + hits + " hits shown");
        Details details = new Details(new Span(label, share));
        details.addClassName("field");
        details.getElement().setAttribute("data-field", name);
        Div values = new Div();
        values.addClassName("field-values");
        details.add(values);
        details.addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                load(name, values); // again on every opening: the counts follow the query
            }
        });
        return details;
    }

    private void load(String name, Div values) {
        values.removeAll();
        List<TermCount> top;
        try {
            top = topValues.of(name);
        } catch (RuntimeException e) {
            Span error = new Span(ConsoleErrors.message("Counting values", e));
            error.addClassName("field-error");
            values.add(error);
            return;
        }
        if (top.isEmpty()) {
            values.add(new Span("No values"));
        }
        NumberFormat format = NumberFormat.getIntegerInstance(Locale.US);
        for (TermCount term : top) {
            Button include = new Button(term.term(), e -> filter.add(name, term.term(), false));
            include.addClassName("filter-for");
            include.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
            include.getElement().setAttribute("title", "Filter for " + name + ":\"" + term.term() + "\"");
            Span count = new Span(format.format(term.count()));
            count.addClassName("value-count");
            Button exclude = new Button(VaadinIcon.MINUS_CIRCLE_O.create(), e -> filter.add(name, term.term(), true));
            exclude.addClassName("filter-out");
            exclude.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ICON);
            exclude.setAriaLabel("Filter out " + name + ":\"" + term.term() + "\"");
            exclude.getElement().setAttribute("title", "Filter out");
            Div row = new Div(include, count, exclude);
            row.addClassName("field-value");
            row.getElement().setAttribute("data-value", term.term());
            row.getElement().setAttribute("data-count", String.valueOf(term.count()));
            values.add(row);
        }
    }
}
