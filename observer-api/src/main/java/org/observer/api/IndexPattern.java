package org.observer.api;

import java.util.regex.Pattern;

/**
 * An index pattern: an index name, or a prefix ending in {@code *} ({@code auth-*}; {@code *} is
 * every index) — how searches, roles, retention rules and settings name indexes, so a search can
 * be narrowed to what a caller may read by intersecting patterns.
 */
public record IndexPattern(String text) {

    private static final Pattern VALID = Pattern.compile("\\*|[a-z0-9][a-z0-9._-]{0,254}\\*?");

    public IndexPattern {
        if (text == null || !VALID.matcher(text).matches()) {
            throw new IllegalArgumentException("an index pattern is an index name or a prefix ending in *"
                    + " (lowercase letters, digits, '.', '_', '-'), not " + (text == null ? "null" : "'" + text + "'"));
        }
    }

    public boolean isPrefix() {
        return text.endsWith("*");
    }

    /** The name, or the prefix without its {@code *}. */
    public String stem() {
        return isPrefix() ? text.substring(0, text.length() - 1) : text;
    }

    public boolean covers(String index) {
        return covers(text, index);
    }

    /** True if {@code pattern} (a name, or a prefix ending in {@code *}; not checked) names {@code index}. */
    public static boolean covers(String pattern, String index) {
        return pattern.endsWith("*") ? index.startsWith(pattern.substring(0, pattern.length() - 1)) : index.equals(pattern);
    }

    /**
     * What this pattern and {@code asked} (a name or a prefix ending in {@code *}) both name: a
     * pattern, or null if nothing. Prefixes meet in the longer one; a name in itself, if covered.
     */
    public String intersect(String asked) {
        if (!asked.endsWith("*")) {
            return covers(asked) ? asked : null;
        }
        String askedStem = asked.substring(0, asked.length() - 1);
        if (!isPrefix()) {
            return text.startsWith(askedStem) ? text : null;
        }
        if (askedStem.startsWith(stem())) {
            return asked;
        }
        return stem().startsWith(askedStem) ? text : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
