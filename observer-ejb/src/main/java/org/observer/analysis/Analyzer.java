package org.observer.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits text into lowercase runs of letters and digits ({@link Character#isLetterOrDigit(int)},
 * so Unicode-aware); everything else separates tokens. Tokens longer than
 * {@link #MAX_TOKEN_LENGTH} code points are truncated. Stateless and thread-safe.
 */
public final class Analyzer {

    /** Longest token kept, in code points; a longer run is cut, so huge blobs cannot bloat the index. */
    public static final int MAX_TOKEN_LENGTH = 128;

    public static final Analyzer STANDARD = new Analyzer();

    private Analyzer() {
    }

    public List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        forEachToken(text, tokens::add);
        return tokens;
    }

    /** Same tokens as {@link #tokens(String)} without building a list (the ingest hot path). */
    public void forEachToken(String text, Consumer<String> sink) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            int cp = text.codePointAt(i);
            if (!isTokenChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            int end = -1;
            int codePoints = 0;
            // Plain = already lowercase ASCII: the token is a substring and needs no copy loop.
            boolean plain = true;
            while (i < length) {
                cp = text.codePointAt(i);
                if (!isTokenChar(cp)) {
                    break;
                }
                if (codePoints == MAX_TOKEN_LENGTH) {
                    if (end < 0) {
                        end = i;
                    }
                } else {
                    codePoints++;
                    if (cp >= 128 || (cp >= 'A' && cp <= 'Z')) {
                        plain = false;
                    }
                }
                i += Character.charCount(cp);
            }
            if (end < 0) {
                end = i;
            }
            sink.accept(plain ? text.substring(start, end) : lowercase(text, start, end));
        }
    }

    private static boolean isTokenChar(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
        }
        return Character.isLetterOrDigit(cp);
    }

    private static String lowercase(String text, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; ) {
            int cp = text.codePointAt(i);
            sb.appendCodePoint(Character.toLowerCase(cp));
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
