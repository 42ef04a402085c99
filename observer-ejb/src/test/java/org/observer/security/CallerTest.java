package org.observer.security;

import org.junit.jupiter.api.Test;
import org.observer.api.Caller;
import org.observer.api.IndexPattern;
import org.observer.api.Privilege;
import org.observer.api.Role;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerTest {

    private static Role role(String name, List<String> patterns, Privilege... privileges) {
        return new Role(name, patterns.stream().map(IndexPattern::new).toList(), Set.of(privileges));
    }

    private final Caller reader = new Caller("alice", "user", List.of(
            role("auth", List.of("auth-*", "billing"), Privilege.READ),
            role("ship", List.of("*"), Privilege.WRITE)));

    @Test
    void privilegesApplyToTheIndexesTheirRolesName() {
        assertTrue(reader.may(Privilege.READ, "auth-2025-07-10"));
        assertTrue(reader.may(Privilege.READ, "billing"));
        assertFalse(reader.may(Privilege.READ, "billing-eu"), "a name is not a prefix");
        assertFalse(reader.may(Privilege.READ, "web-1"));
        assertTrue(reader.may(Privilege.WRITE, "web-1"));
        assertFalse(reader.may(Privilege.MANAGE, "auth-1"));
        assertFalse(reader.isAdmin());
        assertTrue(Caller.UNCHECKED.may(Privilege.MANAGE, "anything"));
    }

    @Test
    void aSearchIsNarrowedToWhatMayBeRead() {
        assertEquals(List.of("auth-*", "billing"), reader.readable("*"));
        assertNull(reader.readable("auth-eu-*"), "a narrower prefix is readable whole: unchanged");
        assertEquals(List.of("auth-*"), reader.readable("a*"), "a wider prefix meets the role's");
        assertEquals(List.of("billing"), reader.readable("bi*"), "a prefix meets a granted name in the name");
        assertEquals(List.of(), reader.readable("web-*"), "nothing readable: nothing searched");
        assertNull(reader.readable("auth-1,billing"), "all of it readable: unchanged");
        assertEquals(List.of("auth-1", "auth-*", "billing"), reader.readable("auth-1,*"));
        assertNull(Caller.UNCHECKED.readable("*"));
    }

    @Test
    void anExplicitNameThatMayNotBeReadIsForbidden() {
        assertEquals("web-1", reader.forbidden("auth-1,web-1,web-*", Privilege.READ));
        assertNull(reader.forbidden("auth-1,web-*", Privilege.READ), "a prefix is narrowed, not refused");
    }

    @Test
    void patternsAreNamesOrPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> new IndexPattern("../etc"));
        assertThrows(IllegalArgumentException.class, () -> new IndexPattern("a*b"));
        assertThrows(IllegalArgumentException.class, () -> new IndexPattern("Auth"));
        assertEquals("auth-*", new IndexPattern("auth-*").text());
    }
}
