package org.observer.api;

/** Base of the errors a client can act on; each subtype maps to one HTTP status. */
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
