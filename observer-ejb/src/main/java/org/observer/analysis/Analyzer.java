package org.observer.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Text analysis. The tokenizer splits text into lowercase runs of letters and digits
 * ({@link Character#isLetterOrDigit(int)}, so Unicode-aware); everything else separates tokens, so
 * {@code 10.0.0.1}, {@code /var/log} or {@code user=bob} come out as their pieces, which a phrase
 * finds again in order. Tokens longer than {@link #MAX_TOKEN_LENGTH} code points are truncated.
 * A token then becomes a <em>term</em> ({@link #term}): a stop word is dropped (it keeps its
 * position, so phrases stay exact) and an a-z word is stemmed. Stateless and thread-safe.
 */
public final class Analyzer {

    /** Longest token kept, in code points; a longer run is cut, so huge blobs cannot bloat the index. */
    public static final int MAX_TOKEN_LENGTH = 128;

    public static final Analyzer STANDARD = new Analyzer();

    private Analyzer() {
    }

    /**
     * The indexed term of a lowercase token: null for a stop word, the stem of an a-z word, the
     * token itself otherwise.
     */
    public static String term(String token) {
        return StopWords.contains(token) ? null : Stemmer.stem(token);
    }

    /** The terms of a text value in order, a stop word as null (it holds a position). */
    public List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        forEachToken(text, (String token) -> terms.add(term(token)));
        return terms;
    }

    /** The term a keyword value is indexed under: the whole value, lowercased as tokens are. */
    public static String keyword(String value) {
        return lowercase(value, 0, value.length());
    }

    public List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        forEachToken(text, tokens::add);
        return tokens;
    }

    /** ASCII classes: 0 separates tokens, 1 is a lowercase letter or digit, 2 an uppercase letter. */
    /** Per ASCII character: 0 not in a token, 1 a lowercase letter, {@link #UPPER} or {@link #DIGIT}. */
    private static final byte[] ASCII = new byte[128];
    private static final byte UPPER = 2;
    private static final byte DIGIT = 3;

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            ASCII[c] = 1;
        }
        for (int c = '0'; c <= '9'; c++) {
            ASCII[c] = DIGIT;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            ASCII[c] = UPPER;
        }
    }

    /** Same tokens as {@link #tokens(String)} without building a list. */
    public void forEachToken(String text, Consumer<String> sink) {
        forEachToken(text, new TokenSink() {
            @Override
            public void ascii(String source, int start, int end, boolean lowercase) {
                sink.accept(lowercase ? source.substring(start, end) : lowercaseAscii(source, start, end));
            }

            @Override
            public void token(String term, int start, int end) {
                sink.accept(term);
            }
        });
    }

    /** Same tokens again, ASCII ones as ranges of the text (the ingest hot path). */
    public void forEachToken(String text, TokenSink sink) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c >= 128) {
                i = isTokenChar(text.codePointAt(i)) ? token(text, i, sink) : i + Character.charCount(text.codePointAt(i));
                continue;
            }
            if (ASCII[c] == 0) {
                i++;
                continue;
            }
            // Fast path: a run of ASCII letters and digits (most log text).
            int start = i;
            boolean plain = true;
            boolean digit = false;
            int hash = 0; // String.hashCode of the lowercased token, as the receiver looks it up
            int limit = Math.min(length, start + MAX_TOKEN_LENGTH);
            while (i < limit) {
                c = text.charAt(i);
                if (c >= 128) {
                    break;
                }
                byte kind = ASCII[c];
                if (kind == 0) {
                    break;
                }
                if (kind == UPPER) {
                    plain = false;
                    c += 32;
                } else if (kind == DIGIT) {
                    digit = true;
                }
                hash = 31 * hash + c;
                i++;
            }
            if (i < length && (i == limit || c >= 128) && isTokenChar(text.codePointAt(i))) {
                i = token(text, start, sink); // goes on with non-ASCII or past the length cap
            } else {
                sink.ascii(text, start, i, plain, hash, digit);
            }
        }
    }

    /**
     * Same tokens as {@link #forEachToken(String, TokenSink)} of the text whose bytes are
     * {@code text[from, to)}, all ASCII, without making a String of it: every token comes as
     * {@link TokenSink#ascii(byte[], int, int, boolean, int, boolean)}. A run longer than
     * {@link #MAX_TOKEN_LENGTH} gives its first {@link #MAX_TOKEN_LENGTH} characters, as there.
     */
    public void forEachAsciiToken(byte[] text, int from, int to, TokenSink sink) {
        int i = from;
        while (i < to) {
            int c = text[i];
            if (c < 0 || ASCII[c] == 0) {
                i++;
                continue;
            }
            int start = i;
            boolean plain = true;
            boolean digit = false;
            int hash = 0; // String.hashCode of the lowercased token, as the receiver looks it up
            int limit = Math.min(to, start + MAX_TOKEN_LENGTH);
            while (i < limit) {
                c = text[i];
                byte kind = c < 0 ? 0 : ASCII[c];
                if (kind == 0) {
                    break;
                }
                if (kind == UPPER) {
                    plain = false;
                    c += 32;
                } else if (kind == DIGIT) {
                    digit = true;
                }
                hash = 31 * hash + c;
                i++;
            }
            sink.ascii(text, start, i, plain, hash, digit);
            while (i < to && text[i] >= 0 && ASCII[text[i]] != 0) {
                i++; // the rest of an over-long run is not indexed
            }
        }
    }

    /**
     * Same tokens as {@link #tokens(String)}, each with its char offsets {@code [start, end)} in
     * {@code text}. A run longer than {@link #MAX_TOKEN_LENGTH} code points gives its truncated
     * token, and the span covers just that truncated part (the rest of the run is not indexed), so
     * {@code lowercase(text, start, end)} always equals the token. Slower than the other
     * {@code forEachToken} methods (a String per token): meant for highlighting, not ingest.
     */
    public void forEachToken(String text, TokenSpans sink) {
        forEachToken(text, new TokenSink() {
            @Override
            public void ascii(String source, int start, int end, boolean lowercase) {
                sink.token(lowercase ? source.substring(start, end) : lowercaseAscii(source, start, end), start, end);
            }

            @Override
            public void token(String term, int start, int end) {
                sink.token(term, start, end);
            }
        });
    }

    /** {@code text[start, end)} (ASCII) with A-Z lowercased. */
    public static String lowercaseAscii(String text, int start, int end) {
        char[] chars = new char[end - start];
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            chars[i - start] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return new String(chars);
    }

    /** Emits the token starting at {@code i} (a token character) and returns where it ends. */
    private int token(String text, int i, TokenSink sink) {
        int length = text.length();
        int cp;
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
        if (plain) {
            sink.ascii(text, start, end, true);
        } else {
            sink.token(lowercase(text, start, end), start, end);
        }
        return i;
    }

    private static boolean isTokenChar(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
        }
        return Character.isLetterOrDigit(cp);
    }

    /** {@code text[start, end)} lowercased code point by code point, as tokens are. */
    public static String lowercase(String text, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; ) {
            int cp = text.codePointAt(i);
            sb.appendCodePoint(Character.toLowerCase(cp));
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
