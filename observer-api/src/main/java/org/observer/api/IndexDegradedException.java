package org.observer.api;

/**
 * The index's files are damaged and it is being rebuilt (503): answering from what is left could
 * return wrong or missing hits, so it answers nothing until the rebuild is done.
 */
public class IndexDegradedException extends ServiceUnavailableException {

    public IndexDegradedException(String index, String problem) {
        super("index " + index + " is degraded (" + problem + ") and is being rebuilt from Kafka; retry shortly",
                5, null);
    }

    @Override
    public String type() {
        return "index_degraded";
    }
}
