package org.observer.logs;

/**
 * Why {@link JsonFields} refused a JSON text, and at which byte: the processor skips such a record
 * with {@link #getMessage()}; {@link LogValidator} turns it into the client's error, with the line
 * and column.
 */
public final class JsonRefusal extends IllegalArgumentException {

    /** What was wrong. */
    public enum Kind {
        /** Not JSON (RFC 8259). */
        SYNTAX,
        /** Content after the object. */
        TRAILING,
        /** Nested deeper than allowed. */
        DEPTH,
        /** More members than allowed. */
        FIELDS,
        /** A number longer than {@link LogValidator#MAX_NUMBER_CHARS}. */
        NUMBER_LENGTH,
        /** A number beyond a double. */
        NUMBER_RANGE,
        /** A string holding half of a surrogate pair. */
        LONE_SURROGATE
    }

    private final Kind kind;
    private final int at;
    private final String detail;

    JsonRefusal(Kind kind, int at, String detail) {
        super((kind == Kind.SYNTAX ? "not JSON: " + detail : kind.name().toLowerCase(java.util.Locale.ROOT)
                + (detail.isEmpty() ? "" : " " + detail)) + " at byte " + at);
        this.kind = kind;
        this.at = at;
        this.detail = detail;
    }

    /** No stack trace: refusing a hostile log costs no more than reading it. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public Kind kind() {
        return kind;
    }

    /** The byte the refusal is about, from 0. */
    public int at() {
        return at;
    }

    /** For {@link Kind#SYNTAX}: what was found; for the number kinds: the number; for a surrogate: its hex. */
    public String detail() {
        return detail;
    }
}
