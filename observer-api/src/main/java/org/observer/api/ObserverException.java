package org.observer.api;

import jakarta.ejb.ApplicationException;

/**
 * Base of the errors a client can act on; each subtype maps to one HTTP status. An application
 * exception to the EJB container: thrown by a bean, it reaches the caller as it is (not wrapped in
 * an {@code EJBException}, its stack trace not logged as a system error).
 */
@ApplicationException(inherited = true)
public abstract class ObserverException extends RuntimeException {

    protected ObserverException(String message) {
        super(message);
    }

    protected ObserverException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status this error is answered with. */
    public abstract int status();

    /** A short machine-readable kind, e.g. {@code invalid_request}. */
    public abstract String type();
}
