package org.observer.api;

/** The client sent something we cannot accept (400). The message says what is wrong. */
public class InvalidRequestException extends ObserverException {

    public InvalidRequestException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String type() {
        return "invalid_request";
    }
}
