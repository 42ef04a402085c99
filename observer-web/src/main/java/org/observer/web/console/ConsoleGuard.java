package org.observer.web.console;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.observer.api.SecurityService;

/**
 * With authentication on, sends whoever is not signed in to {@link LoginView} before any other view
 * is made (the views' services refuse such a caller anyway: this is where they are asked who they are).
 */
@ApplicationScoped
public class ConsoleGuard {

    @Inject
    SecurityService security;

    void onServiceInit(@Observes ServiceInitEvent event) {
        event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::check));
    }

    private void check(BeforeEnterEvent event) {
        if (security.enabled() && event.getNavigationTarget() != LoginView.class && !ConsoleAccess.signedIn()) {
            String path = event.getLocation().getPathWithQueryParameters();
            event.forwardTo(LoginView.class, LoginView.returningTo(path));
        }
    }
}
