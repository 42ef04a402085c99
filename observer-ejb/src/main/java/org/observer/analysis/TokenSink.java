package org.observer.analysis;

/**
 * Receives tokens without forcing a String per token: most log tokens are ASCII runs of the
 * text, which a receiver can look up in place (the ingest hot path).
 */
public interface TokenSink {

    /**
     * The token {@code text[start, end)}: ASCII letters and digits only; lowercase it (A-Z to a-z)
     * to get the term unless {@code lowercase} says it already is.
     */
    void ascii(String text, int start, int end, boolean lowercase);

    /** Any other token, already lowercased, from {@code text[start, end)}. */
    void token(String term, int start, int end);
}
