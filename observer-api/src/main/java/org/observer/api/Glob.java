package org.observer.api;

/**
 * A wildcard pattern of Elasticsearch's expressions (index names, field patterns, filter_path
 * keys, templates' index patterns): {@code *} matches any run of characters, everything else itself. Matched in at most
 * pattern × text steps: the regex {@code .*a.*a.*b} that it replaces backtracks polynomially in the
 * number of stars (three stars over an index name of 255 {@code a}s took 7 s, ten would never end).
 */
public final class Glob {

    private final String pattern;

    public Glob(String pattern) {
        this.pattern = pattern;
    }

    /**
     * Whether the whole of {@code text} matches: the greedy scan that, on a mismatch, lets the last
     * star take one more character (earlier stars never need to, so nothing backtracks further).
     */
    public boolean matches(String text) {
        int p = 0;
        int t = 0;
        int star = -1; // the position of the last star seen in the pattern
        int taken = 0; // where in the text that star's run ends so far
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                taken = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++taken;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
