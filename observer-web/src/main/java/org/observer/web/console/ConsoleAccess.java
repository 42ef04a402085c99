package org.observer.web.console;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import org.observer.security.Caller;
import org.observer.web.security.Access;
import org.observer.web.security.ObserverAuthentication;

import java.util.List;

/**
 * The console's caller: the one authentication found on the current request, remembered in the
 * Vaadin session for what runs without one (push, a tail's polls). Views wrap the engine's services
 * in its {@link Access} when they are made, so a reader sees only what it may read and no actions.
 */
final class ConsoleAccess {

    private static final Caller NOBODY = new Caller("unknown", "none", List.of());

    private ConsoleAccess() {
    }

    static Access current() {
        VaadinSession session = VaadinSession.getCurrent();
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request != null && request.getAttribute(ObserverAuthentication.CALLER) instanceof Caller caller) {
            if (session != null) {
                session.setAttribute(Caller.class, caller);
            }
            return new Access(caller);
        }
        Caller known = session == null ? null : session.getAttribute(Caller.class);
        return new Access(known == null ? NOBODY : known);
    }
}
