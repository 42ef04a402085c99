package org.observer.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Passwords as salted slow hashes: PBKDF2 with HMAC-SHA512, {@value #ITERATIONS} iterations
 * (OWASP's figure for it), a 16-byte random salt; stored as
 * {@code pbkdf2-sha512$iterations$salt$hash} in base64. Checking one costs a fraction of a second
 * by design, so {@link SecurityStore} remembers the credentials it has verified.
 */
public final class PasswordHash {

    static final int ITERATIONS = 210_000;
    private static final String SCHEME = "pbkdf2-sha512";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + base64(salt) + "$" + base64(pbkdf2(password, salt, ITERATIONS));
    }

    /** True if {@code password} is the one {@code stored} was made of (in constant time). */
    public static boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = pbkdf2(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** A random secret of {@code bytes} bytes, URL-safe base64 without padding. */
    public static String randomSecret(int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * SHA-256 of a random secret of at least 128 bits, such as an API key: with that much entropy
     * a slow hash adds nothing, and keys are checked on every request.
     */
    public static String sha256(String secret) {
        try {
            return base64(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA512", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
