package org.observer.api;

/**
 * The outcome of one NDJSON line of a bulk request. {@code line} is 1-based. Either {@code receipt}
 * (status 202) or {@code error} (a 4xx status) is set.
 */
public record BulkItemResult(int line, int status, IngestReceipt receipt, String error) {

    public static BulkItemResult accepted(int line, IngestReceipt receipt) {
        return new BulkItemResult(line, 202, receipt, null);
    }

    public static BulkItemResult rejected(int line, int status, String error) {
        return new BulkItemResult(line, status, null, error);
    }

    public boolean isAccepted() {
        return receipt != null;
    }
}
