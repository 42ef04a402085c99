package org.observer.web.console;

import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import org.observer.api.Caller;
import org.observer.web.security.Access;
import org.observer.web.security.ObserverAuthentication;


/**
 * The console's caller: the one authentication found on the current request (from the session's
 * signed-in user, or credentials the request carries), remembered in the Vaadin session for what
 * runs without a request (push, a tail's polls). Views wrap the engine's services in its
 * {@link Access} when they are made, so a reader sees only what it may read and no actions; nobody
 * (not signed in) may do nothing and is sent to {@link LoginView}.
 */
final class ConsoleAccess {

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
        return new Access(known == null ? Caller.NOBODY : known);
    }

    static boolean signedIn() {
        return current().caller() != Caller.NOBODY;
    }

    /** Signs {@code caller} in for this session (a new HTTP session: the old id is not reused). */
    static void signIn(Caller caller) {
        VaadinRequest request = VaadinRequest.getCurrent();
        com.vaadin.flow.server.VaadinService.reinitializeSession(request);
        VaadinSession session = VaadinSession.getCurrent();
        session.getSession().setAttribute(ObserverAuthentication.SESSION_USER, caller.name());
        session.setAttribute(Caller.class, caller);
        request.setAttribute(ObserverAuthentication.CALLER, caller);
    }

    static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        session.getSession().removeAttribute(ObserverAuthentication.SESSION_USER);
        session.setAttribute(Caller.class, null);
        session.getSession().invalidate();
    }
}
