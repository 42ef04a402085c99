package org.observer.web.console;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Nav;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.HighlightConditions;
import com.vaadin.flow.router.RouterLayout;
import com.vaadin.flow.router.RouterLink;
import org.observer.api.Caller;

/**
 * A dark header bar with the product name, the views, the light/dark switch and (when signed in)
 * a sign-out button, above the current view.
 */
public class ConsoleLayout extends Div implements RouterLayout {

    private final Div content = new Div();

    public ConsoleLayout() {
        addClassName("console");

        Span logo = new Span();
        logo.addClassName("console-logo");
        Span name = new Span("The Observer");
        Span brand = new Span(logo, name);
        brand.addClassName("console-brand");

        Nav nav = new Nav(link("Search", SearchView.class), link("Live tail", TailView.class),
                link("Indexes", IndexesView.class), link("Oplog", OplogView.class), link("Cluster", ClusterView.class));
        nav.addClassName("console-nav");

        Div header = new Div(brand, nav, new ThemeToggle());
        header.addClassName("console-header");
        Caller caller = ConsoleAccess.current().caller();
        if (caller.kind().equals("user")) { // signed in (with authentication off there is no one to sign out)
            Button signOut = new Button("Sign out " + caller.name(), e -> {
                ConsoleAccess.signOut();
                UI.getCurrent().getPage().setLocation("login");
            });
            signOut.setId("sign-out");
            signOut.addClassName("console-sign-out");
            header.add(signOut);
        }
        content.addClassName("console-content");
        add(header, content);
    }

    private static RouterLink link(String text, Class<? extends Component> view) {
        RouterLink link = new RouterLink(text, view);
        // without this the Search link ("") would stay highlighted on every path
        link.setHighlightCondition(HighlightConditions.sameLocation());
        return link;
    }

    @Override
    public void showRouterLayoutContent(HasElement view) {
        content.getElement().removeAllChildren();
        if (view != null) {
            content.getElement().appendChild(view.getElement());
        }
    }
}
