package org.observer.api;

/**
 * The node cannot take the request now (503), typically because Kafka did not acknowledge in time.
 * Nothing was accepted; the client should retry after {@link #retryAfterSeconds()}.
 */
public class ServiceUnavailableException extends ObserverException {

    private final int retryAfterSeconds;

    public ServiceUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String type() {
        return "unavailable";
    }
}
