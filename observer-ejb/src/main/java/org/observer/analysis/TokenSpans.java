package org.observer.analysis;

/**
 * Receives each token of a text with where it is in that text (for highlighting, not the ingest
 * hot path): see {@link Analyzer#forEachToken(String, TokenSpans)}.
 */
@FunctionalInterface
public interface TokenSpans {

    /**
     * The lowercase {@code token} found at {@code text[start, end)} (char offsets, end exclusive);
     * {@code Analyzer.lowercase(text, start, end)} equals {@code token}.
     */
    void token(String token, int start, int end);
}
