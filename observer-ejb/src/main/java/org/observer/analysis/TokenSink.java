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

    /**
     * Same, with what the tokenizer learnt while finding the token: {@code hash} is
     * {@link String#hashCode()} of the lowercased token and {@code digit} whether it holds a digit
     * (a receiver that looks tokens up need not read them twice).
     */
    default void ascii(String text, int start, int end, boolean lowercase, int hash, boolean digit) {
        ascii(text, start, end, lowercase);
    }

    /**
     * The same for a token of ASCII bytes {@code text[start, end)} (a value read from a log's JSON
     * without making a String of it).
     */
    default void ascii(byte[] text, int start, int end, boolean lowercase, int hash, boolean digit) {
        ascii(new String(text, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1), 0, end - start,
                lowercase, hash, digit);
    }

    /** Any other token, already lowercased, from {@code text[start, end)}. */
    void token(String term, int start, int end);
}
