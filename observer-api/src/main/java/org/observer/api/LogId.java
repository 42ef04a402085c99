package org.observer.api;

/**
 * Where a log lives, and so its identity everywhere: the partition of {@code observer.ingest} it
 * was written to, the offset of its record there and its line in that record (a record carries one
 * log, or a group of logs of one index). In answers (a hit's {@code id}, a receipt's,
 * Elasticsearch's {@code _id}) it is written {@code partition-offset} for line 0 and
 * {@code partition-offset-line} for the others.
 */
public record LogId(int partition, long offset, int line) {

    public LogId {
        if (partition < 0 || offset < 0 || line < 0) {
            throw new IllegalArgumentException("no log at partition " + partition + ", offset " + offset + ", line " + line);
        }
    }

    /** The only log of its record, or the first of a group. */
    public LogId(int partition, long offset) {
        this(partition, offset, 0);
    }

    /**
     * The id written {@code partition-offset} or {@code partition-offset-line}.
     *
     * @throws InvalidRequestException if {@code id} is not of that form
     */
    public static LogId parse(String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        try {
            if (dash > 0) {
                int second = id.indexOf('-', dash + 1);
                int partition = Integer.parseInt(id.substring(0, dash));
                if (second < 0) {
                    return new LogId(partition, Long.parseLong(id.substring(dash + 1)));
                }
                int line = Integer.parseInt(id.substring(second + 1));
                if (line > 0) { // line 0 is written without it: one log, one id
                    return new LogId(partition, Long.parseLong(id.substring(dash + 1, second)), line);
                }
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new InvalidRequestException("'" + id + "' is not a log id: expected partition-offset or"
                + " partition-offset-line, such as 3-1234 or 3-1234-7");
    }

    @Override
    public String toString() {
        return line == 0 ? partition + "-" + offset : partition + "-" + offset + "-" + line;
    }
}
