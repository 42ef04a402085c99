package org.observer.web.es;

import org.observer.api.Glob;

/** Elasticsearch's index expressions: names, {@code *} wildcards anywhere, comma lists, {@code -name} exclusions. */
final class IndexPatterns {

    private IndexPatterns() {
    }

    static boolean matches(String expression, String index) {
        boolean matched = false;
        for (String part : expression.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("-") && matched) {
                matched = !glob(p.substring(1), index);
            } else if (p.equals("_all") || glob(p, index)) {
                matched = true;
            }
        }
        return matched;
    }

    private static boolean glob(String pattern, String text) {
        return new Glob(pattern).matches(text);
    }
}
