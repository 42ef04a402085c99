package org.observer.web.console;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import jakarta.inject.Inject;
import org.observer.api.Caller;
import org.observer.api.SecurityService;

import java.util.List;

/**
 * {@code /login}: the console's sign-in, with authentication on (every other view sends who is not
 * signed in here, {@link ConsoleGuard}); then back to the view asked for ({@code ?to=}).
 */
@Route("login")
@PageTitle("Sign in · The Observer")
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final SecurityService security;
    private final LoginForm form = new LoginForm();
    private String target = "";

    @Inject
    public LoginView(SecurityService security) {
        this.security = security;
        addClassName("login-view");
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        form.setId("login");
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(e -> signIn(e.getUsername(), e.getPassword()));
        add(new H1("The Observer"), form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<String> to = event.getLocation().getQueryParameters().getParameters().getOrDefault("to", List.of());
        target = to.isEmpty() || !safe(to.get(0)) ? "" : to.get(0);
        if (!security.enabled() || ConsoleAccess.signedIn()) {
            event.forwardTo(target);
        }
    }

    private void signIn(String user, String password) {
        Caller caller = security.authenticate(user, password);
        if (caller == null) {
            VaadinRequest request = VaadinRequest.getCurrent();
            security.failed("user " + user + " (console)", request == null ? "?" : request.getRemoteAddr());
            form.setError(true);
            form.setEnabled(true);
            return;
        }
        ConsoleAccess.signIn(caller);
        getUI().ifPresent(ui -> ui.getPage().setLocation(target.isEmpty() ? "./" : target)); // a fresh page: views made as this user
    }

    /** A path within the console (no scheme, host or way out of it): where to go after signing in. */
    static boolean safe(String path) {
        return !path.contains("//") && !path.contains(":") && !path.contains("\\") && !path.startsWith("/");
    }

    /** The path and query of where someone not signed in was going, for {@code ?to=}. */
    static QueryParameters returningTo(String path) {
        return QueryParameters.simple(java.util.Map.of("to", path));
    }
}
