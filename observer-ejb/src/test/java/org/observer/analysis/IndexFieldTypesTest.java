package org.observer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class IndexFieldTypesTest {

    private final IndexFieldTypes types = IndexFieldTypes.parse(" message,msg , nginx-*:request,auth-2025-07-10:reason,nginx-*:agent", 64);

    @Test
    void plainNamesAreTextEverywhere() {
        assertEquals(Set.of("message", "msg"), types.all().textFields());
        assertSame(types.all(), types.forIndex("app"), "no pattern names it: the common types");
        assertTrue(types.forIndex("app").isTextField("msg"));
        assertFalse(types.forIndex("app").isTextField("request"));
    }

    @Test
    void patternsAddTextFieldsToTheIndexesTheyName() {
        FieldTypes nginx = types.forIndex("nginx-2025-07-10");
        assertEquals(Set.of("message", "msg", "request", "agent"), nginx.textFields());
        assertEquals(64, nginx.keywordMaxLength());
        assertTrue(types.forIndex("auth-2025-07-10").isTextField("reason"));
        assertFalse(types.forIndex("auth-2025-07-11").isTextField("reason"), "a name without '*' names one index");
        assertFalse(types.forIndex("nginx").isTextField("request"), "the prefix is 'nginx-'");
        // a text field's short value is analyzed, not kept whole
        assertFalse(nginx.isKeyword("request", "GET"));
        assertTrue(types.forIndex("app").isKeyword("request", "GET"));
    }

    @Test
    void malformedEntriesAreRefusedWithTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IndexFieldTypes.parse("message,nginx-*:", 64));
        assertTrue(e.getMessage().contains("nginx-*:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IndexFieldTypes.parse(":request", 64));
        assertEquals(Set.of(), IndexFieldTypes.parse("", 64).all().textFields());
    }
}
