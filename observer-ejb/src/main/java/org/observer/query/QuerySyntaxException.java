package org.observer.query;

/** The query text cannot be parsed; the message gives the position and what was expected. */
public class QuerySyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    public QuerySyntaxException(int position, String expected) {
        super("Query syntax error at position " + position + ": expected " + expected);
        this.position = position;
    }

    /** Zero-based character index in the query text where parsing failed. */
    public int position() {
        return position;
    }
}
