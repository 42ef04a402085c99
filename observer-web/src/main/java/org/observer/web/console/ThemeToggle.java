package org.observer.web.console;

import com.vaadin.flow.component.html.NativeButton;

/**
 * The header's switch between Lumo's light and dark variants. The variant is the {@code dark} token
 * of {@code <html theme>}, set in the browser: {@link #APPLY_ON_LOAD} runs in the page's head before
 * anything is drawn (so a dark page never flashes light), and a click flips it and keeps the choice
 * in {@code localStorage}, so it holds across page loads and for every tab of the browser.
 */
final class ThemeToggle extends NativeButton {

    /**
     * Picks the variant as the page loads: {@code ?theme=dark} or {@code ?theme=light} for this load
     * only (the screenshots script uses it), else the choice stored by a click, else the system's
     * {@code prefers-color-scheme}.
     */
    static final String APPLY_ON_LOAD = """
            (function () {
              var chosen = new URLSearchParams(location.search).get('theme');
              if (chosen !== 'dark' && chosen !== 'light') {
                try { chosen = localStorage.getItem('observer-theme'); } catch (e) { chosen = null; }
              }
              var dark = chosen ? chosen === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
              if (dark) { document.documentElement.setAttribute('theme', 'dark'); }
            })();""";

    /** Flips the {@code dark} token (keeping any other) and stores the choice. */
    private static final String FLIP = """
            const html = document.documentElement;
            const themes = (html.getAttribute('theme') || '').split(/\\s+/).filter(t => t);
            const dark = !themes.includes('dark');
            const others = themes.filter(t => t !== 'dark');
            const next = dark ? others.concat('dark') : others;
            if (next.length) { html.setAttribute('theme', next.join(' ')); } else { html.removeAttribute('theme'); }
            try { localStorage.setItem('observer-theme', dark ? 'dark' : 'light'); } catch (e) { }""";

    ThemeToggle() {
        super("◐");
        setId("theme-toggle");
        addClassName("theme-toggle");
        getElement().setAttribute("title", "Light or dark theme");
        getElement().setAttribute("aria-label", "Switch between the light and dark theme");
        addClickListener(click -> getElement().executeJs(FLIP));
    }
}
