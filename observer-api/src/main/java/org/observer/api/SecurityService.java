package org.observer.api;

import java.util.List;

/**
 * Users, roles and API keys, the same on every node: who a request is made by, and the changes an
 * admin makes. Secrets are kept only as hashes; {@code by} names who made a change, for the oplog.
 */
public interface SecurityService {

    /** An API key: what its creator gets back once; only the hash of {@code key} is kept. */
    record CreatedKey(String id, String name, String key, String encoded, Long expires) {
    }

    /** A user as listed (no secrets). */
    record UserInfo(String name, List<String> roles) {
    }

    /** An API key as listed (no secrets). */
    record KeyInfo(String id, String name, List<String> roles, String owner, long created, Long expires) {
    }

    /** Whether requests need credentials (OBSERVER_AUTH). */
    boolean enabled();

    /** False while the node, with security on, has yet to see or create the admin user. */
    boolean isReady();

    /** The caller whose password this is, or null. */
    Caller authenticate(String user, String password);

    /**
     * The caller whose password this is, or null; with {@code slow} false only if this node has
     * checked that password before (no slow hash is computed: for a client already refused too often).
     */
    Caller authenticate(String user, String password, boolean slow);

    /** The user {@code name} with its roles as they are now, or null if it no longer exists (a console session's user). */
    Caller user(String name);

    /** The caller this API key stands for, or null if unknown, wrong or expired. */
    Caller authenticateKey(String id, String key);

    /** Records refused credentials in the oplog. */
    void failed(String who, String from);

    /** Creates or changes a user; a null password keeps the one it has (a new user needs one). */
    void putUser(String name, String password, List<String> roles, String by);

    /** False if there was no such user. */
    boolean deleteUser(String name, String by);

    void putRole(String name, List<String> indexes, List<String> privileges, String by);

    /** False if there was no such role. */
    boolean deleteRole(String name, String by);

    CreatedKey createApiKey(String name, List<String> roles, Long expires, String by);

    /** False if there was no such key. */
    boolean deleteApiKey(String id, String by);

    List<UserInfo> users();

    List<Role> roles();

    List<KeyInfo> apiKeys();
}
