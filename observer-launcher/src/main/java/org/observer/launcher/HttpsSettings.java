package org.observer.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;

/**
 * HTTPS beside HTTP, with the user's own key and certificate: {@code OBSERVER_HTTPS_PORT} (node i of
 * several gets that port + i), {@code OBSERVER_TLS_KEYSTORE} (a PKCS12 or JKS file),
 * {@code OBSERVER_TLS_KEYSTORE_PASSWORD} and {@code OBSERVER_TLS_CERT_ALIAS} (default
 * {@code observer}). Payara Micro serves it on its SSL listener; the keystore's password reaches it
 * in a file only its owner reads, not on a command line anyone may list.
 *
 * @param port the first node's HTTPS port
 */
public record HttpsSettings(int port, Path keystore, String password, String alias) {

    static final String DEFAULT_ALIAS = "observer";

    /** The settings in {@code env}, checked (the keystore opens and holds the alias), or null without a port. */
    public static HttpsSettings from(Map<String, String> env) {
        String port = env.get("OBSERVER_HTTPS_PORT");
        if (port == null || port.isBlank()) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("OBSERVER_HTTPS_PORT is '" + port + "': a port number");
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("OBSERVER_HTTPS_PORT is " + number + ": use 1..65535");
        }
        String file = env.get("OBSERVER_TLS_KEYSTORE");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("OBSERVER_HTTPS_PORT needs OBSERVER_TLS_KEYSTORE: the keystore (PKCS12 or JKS)"
                    + " with the server's key and certificate");
        }
        Path keystore = Path.of(file.trim()).toAbsolutePath().normalize();
        String password = env.getOrDefault("OBSERVER_TLS_KEYSTORE_PASSWORD", "");
        String alias = env.getOrDefault("OBSERVER_TLS_CERT_ALIAS", "").isBlank() ? DEFAULT_ALIAS
                : env.get("OBSERVER_TLS_CERT_ALIAS").trim();
        check(keystore, password, alias);
        return new HttpsSettings(number, keystore, password, alias);
    }

    private static void check(Path keystore, String password, String alias) {
        if (!Files.isReadable(keystore)) {
            throw new IllegalArgumentException("OBSERVER_TLS_KEYSTORE: cannot read " + keystore);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("OBSERVER_TLS_KEYSTORE: " + keystore + " does not open with"
                    + " OBSERVER_TLS_KEYSTORE_PASSWORD (" + e.getMessage() + ")");
        }
        try {
            if (!store.isKeyEntry(alias)) {
                throw new IllegalArgumentException("OBSERVER_TLS_KEYSTORE: " + keystore + " has no key named '" + alias
                        + "' (OBSERVER_TLS_CERT_ALIAS)");
            }
        } catch (java.security.KeyStoreException e) {
            throw new IllegalArgumentException("OBSERVER_TLS_KEYSTORE: " + e.getMessage());
        }
    }

    /** Writes the system properties Payara Micro reads the keystore from, readable by this user only. */
    public Path writeSystemProperties(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("tls.properties");
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("javax.net.ssl.keyStore", keystore.toString());
        properties.setProperty("javax.net.ssl.keyStorePassword", password);
        try (var out = Files.newOutputStream(file)) {
            properties.store(out, "the HTTPS listener's keystore (OBSERVER_TLS_KEYSTORE)");
        }
        return file;
    }
}
