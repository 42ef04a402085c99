package org.observer.web.console;

import com.vaadin.flow.router.QueryParameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TailQueryTest {

    @Test
    void readsTheUrlAndWritesItBack() {
        TailQuery tail = TailQuery.from(QueryParameters.fromString("index=app-*&q=error%20-debug&max=50"));
        assertEquals(new TailQuery("app-*", "error -debug", 50), tail);
        assertEquals(tail, TailQuery.from(tail.toParameters()));
    }

    @Test
    void missingOrBadParametersTakeDefaults() {
        assertEquals(new TailQuery("*", "", 1_000), TailQuery.from(QueryParameters.empty()));
        assertEquals(1_000, TailQuery.from(QueryParameters.fromString("max=lots")).max());
        assertEquals(TailQuery.MOST_ROWS, TailQuery.from(QueryParameters.fromString("max=99999999")).max());
        assertEquals(1, TailQuery.from(QueryParameters.fromString("max=0")).max());
    }
}
