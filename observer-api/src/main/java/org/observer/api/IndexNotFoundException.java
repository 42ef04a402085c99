package org.observer.api;

/** The named index does not exist (404). */
public class IndexNotFoundException extends ObserverException {

    public IndexNotFoundException(String index) {
        super("no such index: " + index);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String type() {
        return "index_not_found";
    }
}
