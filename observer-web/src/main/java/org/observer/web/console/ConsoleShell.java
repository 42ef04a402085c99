package org.observer.web.console;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.Theme;

/**
 * The page around every console view. The theme is plain CSS in {@code frontend/themes/observer}:
 * anything that needs an npm build (@JsModule, @CssImport, add-ons) cannot be built here.
 * {@code @Push} (a WebSocket, XHR for the way back) lets the live tail send logs as they come.
 * Lumo's light or dark variant is chosen in the head, before the page draws ({@link ThemeToggle}).
 */
@Push
@Theme("observer")
@Meta(name = "color-scheme", content = "light")
public class ConsoleShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addInlineWithContents(Inline.Position.PREPEND, ThemeToggle.APPLY_ON_LOAD, Inline.Wrapping.JAVASCRIPT);
    }
}
