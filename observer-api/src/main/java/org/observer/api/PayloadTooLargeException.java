package org.observer.api;

/** A body or a single log is larger than the configured limit (413). */
public class PayloadTooLargeException extends ObserverException {

    public PayloadTooLargeException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String type() {
        return "payload_too_large";
    }
}
