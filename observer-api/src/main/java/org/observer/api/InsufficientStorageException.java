package org.observer.api;

/**
 * The node's disk is too full to take more logs (507). Nothing was accepted; the client should
 * retry once space has been freed.
 */
public class InsufficientStorageException extends ObserverException {

    public InsufficientStorageException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 507;
    }

    @Override
    public String type() {
        return "insufficient_storage";
    }
}
