package org.observer.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashTest {

    @Test
    void aPasswordIsStoredSaltedAndSlowlyHashed() {
        String stored = PasswordHash.hash("correct horse battery");
        assertTrue(stored.startsWith("pbkdf2-sha512$" + PasswordHash.ITERATIONS + "$"), stored);
        assertFalse(stored.contains("correct horse"));
        assertNotEquals(stored, PasswordHash.hash("correct horse battery"), "a new salt each time");
        assertTrue(PasswordHash.verify("correct horse battery", stored));
        assertFalse(PasswordHash.verify("correct horse batterY", stored));
        assertFalse(PasswordHash.verify("correct horse battery", "md5$whatever"), "an unknown scheme never matches");
    }
}
