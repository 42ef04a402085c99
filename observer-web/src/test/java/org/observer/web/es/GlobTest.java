package org.observer.web.es;

import org.observer.api.Glob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {

    @Test
    void starMatchesAnyRunOfCharacters() {
        assertTrue(new Glob("*").matches(""));
        assertTrue(new Glob("logs-*").matches("logs-2025.07.10"));
        assertTrue(new Glob("*-2025*").matches("web-2025.07"));
        assertTrue(new Glob("a*b*c").matches("abc"));
        assertTrue(new Glob("a**c").matches("axyzc"));
        assertTrue(new Glob("user.*").matches("user.name.first"));
        assertTrue(new Glob("exact").matches("exact"));
        assertFalse(new Glob("exact").matches("exactly"));
        assertFalse(new Glob("a*b").matches("acb-"));
        assertFalse(new Glob("*x").matches(""));
        assertTrue(new Glob("a.b").matches("a.b"));
        assertFalse(new Glob("a.b").matches("axb"), "a dot is a dot, not a regex");
    }

    @Test
    @Timeout(5)
    void manyStarsOverALongTextDoNotBacktrack() {
        String text = "a".repeat(10_000);
        assertFalse(new Glob("*a".repeat(50) + "*b").matches(text));
        assertTrue(new Glob("*a".repeat(50) + "*").matches(text));
    }
}
