package org.observer.web.es;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexPatternsTest {

    @Test
    void namesWildcardsListsAndExclusions() {
        assertTrue(IndexPatterns.matches("*", "auth-2025-07-10"));
        assertTrue(IndexPatterns.matches("_all", "web"));
        assertTrue(IndexPatterns.matches("auth-*", "auth-2025-07-10"));
        assertTrue(IndexPatterns.matches("*-2025-07-10", "auth-2025-07-10"));
        assertFalse(IndexPatterns.matches("auth-*", "web-2025-07-10"));
        assertTrue(IndexPatterns.matches("web,auth-*", "web"));
        assertFalse(IndexPatterns.matches("auth-*,-auth-2025-07-10", "auth-2025-07-10"));
        assertTrue(IndexPatterns.matches("auth-*,-auth-2025-07-10", "auth-2025-07-11"));
        assertFalse(IndexPatterns.matches("auth.x", "authax"), "a dot is a dot");
    }
}
