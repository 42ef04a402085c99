package org.observer.cluster;

import jakarta.ejb.EJBException;

/**
 * The EJB container wraps a runtime exception thrown by a bean (an unknown index, a bad request)
 * in an {@link EJBException}; code that tells a client's mistake from a failure must see through it.
 */
final class ClientErrors {

    private ClientErrors() {
    }

    /** {@code e} without the container's wrapping. */
    static RuntimeException unwrapped(RuntimeException e) {
        Throwable cause = e;
        while (cause instanceof EJBException && cause.getCause() instanceof RuntimeException inner) {
            cause = inner;
        }
        return (RuntimeException) cause;
    }
}
