package org.observer.web.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CredentialsTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAndApiKeyHeadersAreRead() {
        ObserverAuthentication.Credentials basic = ObserverAuthentication.Credentials.of("Basic " + b64("alice:pa:ss"));
        assertEquals(ObserverAuthentication.Credentials.Scheme.BASIC, basic.scheme());
        assertEquals("alice", basic.id());
        assertEquals("pa:ss", basic.secret(), "a password may hold a colon");
        ObserverAuthentication.Credentials key = ObserverAuthentication.Credentials.of("ApiKey " + b64("id1:secret"));
        assertEquals(ObserverAuthentication.Credentials.Scheme.API_KEY, key.scheme());
        assertEquals("id1", key.id());
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertNull(ObserverAuthentication.Credentials.of(null));
        assertNull(ObserverAuthentication.Credentials.of("Bearer abc"));
        assertNull(ObserverAuthentication.Credentials.of("Basic not-base64!"));
        assertNull(ObserverAuthentication.Credentials.of("Basic " + b64("no-colon")));
        assertNull(ObserverAuthentication.Credentials.of("Basic " + b64(":empty-user")));
        assertNull(ObserverAuthentication.Credentials.of("Basic"));
    }
}
