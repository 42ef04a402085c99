package org.observer.web.console;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.shared.Registration;

import java.util.List;

/**
 * Swaps grid columns on a narrow window (a phone, 390 px) so grids fit without scrolling sideways:
 * secondary columns go, and columns made for a phone (several values in one cell) come. Grid
 * columns cannot be switched by CSS, hence the window width from the browser, on attach and on
 * every resize.
 */
final class NarrowScreens {

    /** Below this window width (CSS px) the layout is narrow. */
    static final int NARROW_PX = 720;

    private NarrowScreens() {
    }

    static void hideWhenNarrow(Component view, List<? extends Grid.Column<?>> wideOnly) {
        adapt(view, wideOnly, List.of());
    }

    static void adapt(Component view, List<? extends Grid.Column<?>> wideOnly, List<? extends Grid.Column<?>> narrowOnly) {
        view.addAttachListener(attach -> {
            UI ui = attach.getUI();
            ui.getPage().retrieveExtendedClientDetails(details -> show(wideOnly, narrowOnly, details.getWindowInnerWidth()));
            Registration resize = ui.getPage().addBrowserWindowResizeListener(e -> show(wideOnly, narrowOnly, e.getWidth()));
            view.addDetachListener(detach -> {
                resize.remove();
                detach.unregisterListener();
            });
        });
    }

    private static void show(List<? extends Grid.Column<?>> wideOnly, List<? extends Grid.Column<?>> narrowOnly, int width) {
        boolean wide = width <= 0 || width >= NARROW_PX; // 0: the browser did not say
        wideOnly.forEach(c -> c.setVisible(wide));
        narrowOnly.forEach(c -> c.setVisible(!wide));
    }
}
