package org.observer.storage.segment;

import java.nio.charset.StandardCharsets;

import org.observer.analysis.Analyzer;

/**
 * The active segment's memo of {@link Analyzer#term}: digit-free ASCII tokens as they appear in
 * the text -> their term, looked up straight from the text (like {@link SegmentKeys}) so stemming
 * and the stop-word check run once per distinct word, not once per token. Single-threaded.
 */
final class StemCache {

    /** {@link #term} of a stop word. */
    static final String STOP = new String("stop word"); // compared by reference
    /** Distinct words kept before the memo starts over, so odd input cannot grow it without bound. */
    private static final int MAX_WORDS = 1 << 18;

    private String[] surfaces = new String[1 << 12];
    /** null: the word is its own term. */
    private String[] terms = new String[1 << 12];
    private int[] hashes = new int[1 << 12];
    private int size;

    /**
     * The term of the ASCII token {@code text[start, end)} whose lowercase hash is {@code hash}:
     * null when it is the lowercased token itself, {@link #STOP} for a stop word, else its stem.
     */
    String term(String text, int start, int end, int hash, boolean lowercase) {
        int mask = surfaces.length - 1;
        int i = SegmentKeys.mix(hash) & mask;
        for (String surface; (surface = surfaces[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && (lowercase ? surface.length() == end - start && text.regionMatches(start, surface, 0, end - start)
                    : SegmentKeys.sameAscii(surface, text, start, end))) {
                return terms[i];
            }
        }
        String surface = lowercase ? text.substring(start, end) : Analyzer.lowercaseAscii(text, start, end);
        String analyzed = Analyzer.term(surface);
        String term = analyzed == null ? STOP : analyzed.equals(surface) ? null : analyzed;
        if (size >= MAX_WORDS) {
            clear();
            i = SegmentKeys.mix(hash) & (surfaces.length - 1);
        } else if ((size + 1) * 2 > surfaces.length) {
            grow();
            mask = surfaces.length - 1;
            i = SegmentKeys.mix(hash) & mask;
            while (surfaces[i] != null) {
                i = (i + 1) & mask;
            }
        }
        surfaces[i] = surface;
        terms[i] = term;
        hashes[i] = hash;
        size++;
        return term;
    }

    /** {@link #term(String, int, int, int, boolean)} of the token in ASCII bytes. */
    String term(byte[] text, int start, int end, int hash, boolean lowercase) {
        int mask = surfaces.length - 1;
        int i = SegmentKeys.mix(hash) & mask;
        for (String surface; (surface = surfaces[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && sameAscii(surface, text, start, end)) {
                return terms[i];
            }
        }
        // a new word: the String path memoizes it (once per distinct word, so the String costs nothing)
        return term(new String(text, start, end - start, StandardCharsets.ISO_8859_1), 0, end - start, hash, lowercase);
    }

    /** True if {@code term} equals the ASCII bytes {@code text[start, end)}, lowercased. */
    private static boolean sameAscii(String term, byte[] text, int start, int end) {
        if (term.length() != end - start) {
            return false;
        }
        for (int i = start, j = 0; i < end; i++, j++) {
            byte c = text[i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != term.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private void clear() {
        surfaces = new String[1 << 12];
        terms = new String[1 << 12];
        hashes = new int[1 << 12];
        size = 0;
    }

    private void grow() {
        String[] oldSurfaces = surfaces;
        String[] oldTerms = terms;
        int[] oldHashes = hashes;
        surfaces = new String[oldSurfaces.length * 2];
        terms = new String[surfaces.length];
        hashes = new int[surfaces.length];
        int mask = surfaces.length - 1;
        for (int j = 0; j < oldSurfaces.length; j++) {
            if (oldSurfaces[j] != null) {
                int i = SegmentKeys.mix(oldHashes[j]) & mask;
                while (surfaces[i] != null) {
                    i = (i + 1) & mask;
                }
                surfaces[i] = oldSurfaces[j];
                terms[i] = oldTerms[j];
                hashes[i] = oldHashes[j];
            }
        }
    }
}
