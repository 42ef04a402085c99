package org.observer.api;

/**
 * Where a log lives, and so its identity everywhere: the partition of {@code observer.ingest} it
 * was written to and its offset there. In answers (a hit's {@code id}, a receipt's, Elasticsearch's
 * {@code _id}) it is written {@code partition-offset}.
 */
public record LogId(int partition, long offset) {

    public LogId {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("no log at partition " + partition + ", offset " + offset);
        }
    }

    /**
     * The id written {@code partition-offset}.
     *
     * @throws InvalidRequestException if {@code id} is not of that form
     */
    public static LogId parse(String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        try {
            if (dash > 0) {
                return new LogId(Integer.parseInt(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new InvalidRequestException("'" + id + "' is not a log id: expected partition-offset, such as 3-1234");
    }

    @Override
    public String toString() {
        return partition + "-" + offset;
    }
}
