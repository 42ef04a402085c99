package org.observer.web.console;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import org.observer.api.ObserverException;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns a failed service call into a message a user can act on, never a stack trace. */
final class ConsoleErrors {

    private static final Logger LOG = Logger.getLogger(ConsoleErrors.class.getName());

    private ConsoleErrors() {
    }

    /**
     * The message of the {@link ObserverException} behind {@code e} (EJB proxies wrap it), or a
     * generic text for anything unexpected, which is logged with its stack trace.
     */
    static String message(String action, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ObserverException observer) {
                return observer.getMessage();
            }
        }
        LOG.log(Level.SEVERE, action + " failed", e);
        return action + " failed unexpectedly (" + e.getClass().getSimpleName() + "); see the server log";
    }

    static void notify(String message) {
        Notification notification = new Notification(message, 6000, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.open();
    }
}
