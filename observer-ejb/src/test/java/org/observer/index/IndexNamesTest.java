package org.observer.index;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexNamesTest {

    @Test
    void acceptsTimeShardedAndDottedNames() {
        for (String name : new String[]{"auth-2025-07-10", "logs-2025-07", "a", "0day", "app_v1.2", "a..b"}) {
            assertTrue(IndexNames.isValid(name), name);
        }
    }

    @Test
    void rejectsNamesThatAreNotSafeDirectoryNames() {
        for (String name : new String[]{"", ".", "..", ".hidden", "-dash", "_under", "a/b", "a\\b", "Upper",
                "with space", "é", "a\u0000b"}) {
            assertFalse(IndexNames.isValid(name), name);
        }
        assertFalse(IndexNames.isValid(null));
    }

    @Test
    void limitsNamesTo255Bytes() {
        assertTrue(IndexNames.isValid("a".repeat(255)));
        assertFalse(IndexNames.isValid("a".repeat(256)));
    }

    @Test
    void errorSaysWhatIsWrong() {
        assertEquals("invalid index name 'Auth': it must be lowercase",
                assertThrows(InvalidRequestException.class, () -> IndexNames.requireValid("Auth")).getMessage());
        assertTrue(assertThrows(InvalidRequestException.class, () -> IndexNames.requireValid("a/b"))
                .getMessage().contains("'/' at position 1"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> IndexNames.requireValid(".."))
                .getMessage().contains("start with"));
    }
}
