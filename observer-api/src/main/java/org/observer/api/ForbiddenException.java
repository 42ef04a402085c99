package org.observer.api;

/** The caller is known but may not do this (403). */
public class ForbiddenException extends ObserverException {

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String type() {
        return "security_exception";
    }
}
