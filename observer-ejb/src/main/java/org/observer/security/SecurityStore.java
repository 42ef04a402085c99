package org.observer.security;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Local;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.observer.api.Caller;
import org.observer.api.IndexPattern;
import org.observer.api.InvalidRequestException;
import org.observer.api.OplogAction;
import org.observer.api.Privilege;
import org.observer.api.Role;
import org.observer.api.SecurityService;
import org.observer.cluster.CompactedMap;
import org.observer.config.ObserverConfig;
import org.observer.oplog.Oplog;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Users, roles and API keys for the whole cluster, on the compacted topic {@code observer.security}
 * ({@link CompactedMap}; keys {@code user/…}, {@code role/…}, {@code api_key/…}): passwords as
 * {@link PasswordHash PBKDF2} hashes, API keys as SHA-256 of their random secret. A password is
 * checked slowly once; the node then remembers a fast keyed digest of it until the user changes.
 * At the first start with authentication on, the {@code admin} user is created.
 */
@Singleton
@Startup
@Local(SecurityService.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SecurityStore implements SecurityService {

    public static final String ADMIN_USER = "admin";
    /** In the data directory: a generated admin password, until the launcher has shown it. */
    public static final String ADMIN_PASSWORD_FILE = "admin-password";
    private static final Logger LOG = Logger.getLogger(SecurityStore.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final int MIN_PASSWORD = 8;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    @Inject
    Oplog oplog;

    private CompactedMap entries;
    /** user/name → a digest of the password last verified for it (keyed by a secret of this process). */
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    private final String pepper = PasswordHash.randomSecret(32);
    private volatile boolean adminChecked;

    @PostConstruct
    void start() {
        entries = new CompactedMap(config, ObserverConfig.SECURITY_TOPIC, "observer-security", LOG, verified::remove);
        entries.start(threads);
        if (config.authEnabled()) {
            threads.newThread(this::createAdmin).start(); // waits for the topic: not on the deployment's thread
        }
    }

    @PreDestroy
    void stop() {
        entries.stop();
    }

    @Override
    public boolean enabled() {
        return config.authEnabled();
    }

    /** False while the node, with security on, has yet to see or create the admin user. */
    @Override
    public boolean isReady() {
        return !config.authEnabled() || adminChecked;
    }

    /** The caller whose password this is, or null. */
    @Override
    public Caller authenticate(String user, String password) {
        return authenticate(user, password, true);
    }

    /**
     * The caller whose password this is, or null; with {@code slow} false only if this node has
     * checked that password before (no slow hash is computed: for a client already refused too often).
     */
    @Override
    public Caller authenticate(String user, String password, boolean slow) {
        String key = "user/" + user;
        JsonObject stored = read(key);
        if (stored == null) {
            return null;
        }
        String digest = PasswordHash.sha256(pepper + key + "\u0000" + password);
        if (!digest.equals(verified.get(key))) {
            if (!slow || !PasswordHash.verify(password, stored.getString("password_hash", ""))) {
                return null;
            }
            verified.put(key, digest);
        }
        return new Caller(user, "user", roles(strings(stored.get("roles"))));
    }

    /** The user {@code name} with its roles as they are now, or null if it no longer exists (a console session's user). */
    @Override
    public Caller user(String name) {
        JsonObject stored = read("user/" + name);
        return stored == null ? null : new Caller(name, "user", roles(strings(stored.get("roles"))));
    }

    /** The caller this API key stands for, or null if unknown, wrong or expired. */
    @Override
    public Caller authenticateKey(String id, String key) {
        JsonObject stored = read("api_key/" + id);
        if (stored == null || !java.security.MessageDigest.isEqual(
                PasswordHash.sha256(key).getBytes(StandardCharsets.UTF_8),
                stored.getString("key_hash", "").getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        JsonValue expires = stored.get("expires");
        if (expires instanceof JsonNumber at && at.longValue() <= System.currentTimeMillis()) {
            return null;
        }
        return new Caller(stored.getString("name", id), "api_key", roles(strings(stored.get("roles"))));
    }

    /** Creates or changes a user; a null password keeps the one it has (a new user needs one). */
    @Override
    public void putUser(String name, String password, List<String> roles, String by) {
        checkName("user", name);
        checkRoles(roles);
        JsonObject existing = read("user/" + name);
        String hash;
        if (password == null) {
            if (existing == null) {
                throw new InvalidRequestException("a new user needs a password");
            }
            hash = existing.getString("password_hash");
        } else {
            if (password.length() < MIN_PASSWORD) {
                throw new InvalidRequestException("a password has at least " + MIN_PASSWORD + " characters");
            }
            hash = PasswordHash.hash(password);
        }
        entries.put("user/" + name, JSON.createObjectBuilder().add("password_hash", hash)
                .add("roles", array(roles)).build().toString());
        audit((existing == null ? "created" : "changed") + " user " + name, by);
    }

    /** False if there was no such user. */
    @Override
    public boolean deleteUser(String name, String by) {
        if (name.equals(ADMIN_USER)) {
            throw new InvalidRequestException("the admin user cannot be deleted: change its password instead");
        }
        return delete("user/" + name, "user " + name, by);
    }

    @Override
    public void putRole(String name, List<String> indexes, List<String> privileges, String by) {
        checkName("role", name);
        if (name.equals(Role.ADMIN)) {
            throw new InvalidRequestException("admin is a built-in role: it cannot be changed");
        }
        if (indexes == null || indexes.isEmpty()) {
            throw new InvalidRequestException("a role names at least one index pattern in 'indexes'");
        }
        for (String pattern : indexes) {
            try {
                new IndexPattern(pattern);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        }
        if (privileges == null || privileges.isEmpty()) {
            throw new InvalidRequestException("a role grants at least one of read, write, manage in 'privileges'");
        }
        for (String privilege : privileges) {
            if (Privilege.of(privilege) == null) {
                throw new InvalidRequestException("unknown privilege '" + privilege + "': use read, write or manage");
            }
        }
        boolean existed = read("role/" + name) != null;
        entries.put("role/" + name, JSON.createObjectBuilder().add("indexes", array(indexes))
                .add("privileges", array(privileges)).build().toString());
        audit((existed ? "changed" : "created") + " role " + name, by);
    }

    @Override
    public boolean deleteRole(String name, String by) {
        if (name.equals(Role.ADMIN)) {
            throw new InvalidRequestException("admin is a built-in role: it cannot be deleted");
        }
        return delete("role/" + name, "role " + name, by);
    }

    /**
     * A new API key with these roles.
     *
     * @param expires when it stops working, epoch millis, or null for never
     */
    @Override
    public CreatedKey createApiKey(String name, List<String> roles, Long expires, String by) {
        if (name == null || name.isBlank() || name.length() > 256) {
            throw new InvalidRequestException("an API key needs a 'name' of 1 to 256 characters");
        }
        checkRoles(roles);
        if (expires != null && expires <= System.currentTimeMillis()) {
            throw new InvalidRequestException("'expires' is in the past");
        }
        String id = PasswordHash.randomSecret(15);
        String key = PasswordHash.randomSecret(24);
        var json = JSON.createObjectBuilder().add("name", name).add("key_hash", PasswordHash.sha256(key))
                .add("roles", array(roles)).add("owner", by).add("created", System.currentTimeMillis());
        if (expires != null) {
            json.add("expires", expires);
        }
        entries.put("api_key/" + id, json.build().toString());
        audit("created API key " + id + " (" + name + ")", by);
        String encoded = java.util.Base64.getEncoder().encodeToString((id + ":" + key).getBytes(StandardCharsets.UTF_8));
        return new CreatedKey(id, name, key, encoded, expires);
    }

    @Override
    public boolean deleteApiKey(String id, String by) {
        return delete("api_key/" + id, "API key " + id, by);
    }

    @Override
    public List<UserInfo> users() {
        List<UserInfo> users = new ArrayList<>();
        entries.all().forEach((key, value) -> {
            if (key.startsWith("user/")) {
                users.add(new UserInfo(key.substring(5), strings(parse(value).get("roles"))));
            }
        });
        return users;
    }

    @Override
    public List<Role> roles() {
        List<Role> roles = new ArrayList<>(List.of(Role.ADMIN_ROLE));
        entries.all().forEach((key, value) -> {
            if (key.startsWith("role/")) {
                roles.add(role(key.substring(5), parse(value)));
            }
        });
        return roles;
    }

    @Override
    public List<KeyInfo> apiKeys() {
        List<KeyInfo> keys = new ArrayList<>();
        entries.all().forEach((key, value) -> {
            if (key.startsWith("api_key/")) {
                JsonObject json = parse(value);
                JsonValue expires = json.get("expires");
                keys.add(new KeyInfo(key.substring(8), json.getString("name", ""), strings(json.get("roles")),
                        json.getString("owner", ""), json.getJsonNumber("created").longValue(),
                        expires instanceof JsonNumber n ? n.longValue() : null));
            }
        });
        return keys;
    }

    /** Records refused credentials in the oplog. */
    @Override
    public void failed(String who, String from) {
        oplog.record(OplogAction.AUTH_FAILED, "", "credentials of " + who + " refused, from " + from);
    }

    /**
     * Creates the admin user if the cluster has none. Nodes starting together race for it: only the
     * one whose claim comes first in the topic creates it, so the password printed is the one set.
     */
    private void createAdmin() {
        try {
            createAdminIfNone();
        } finally {
            adminChecked = true;
        }
    }

    private void createAdminIfNone() {
        if (!entries.awaitReplayed(Duration.ofMinutes(10))) { // Kafka may come up after the node
            LOG.severe("The security topic could not be read in 10 minutes: the admin user is checked again at the next start");
            return;
        }
        if (read("user/" + ADMIN_USER) != null) {
            return;
        }
        String password = config.adminPassword();
        boolean generated = password.isEmpty();
        if (generated) {
            password = PasswordHash.randomSecret(18);
        } else if (password.length() < MIN_PASSWORD) {
            LOG.severe("The admin user was not created: " + ObserverConfig.ADMIN_PASSWORD + " has fewer than "
                    + MIN_PASSWORD + " characters");
            return;
        }
        boolean created;
        try {
            created = entries.putIfAbsent("user/" + ADMIN_USER, JSON.createObjectBuilder()
                    .add("password_hash", PasswordHash.hash(password)).add("roles", array(List.of(Role.ADMIN)))
                    .build().toString());
        } catch (RuntimeException e) {
            LOG.severe("The admin user could not be created (" + e.getMessage() + "); it will be on the next start");
            return;
        }
        if (!created) {
            return; // another node created it at the same time
        }
        audit("created user " + ADMIN_USER, "node " + config.nodeName());
        if (generated) {
            Path file = config.dataDir().resolve(ADMIN_PASSWORD_FILE);
            String where = keepForLauncher(file, password) ? "; it is also in " + file + " until ./observer.sh shows it" : "";
            LOG.warning("\n\n  The admin user was created with the password  " + password + "\n"
                    + "  It is shown this once" + where + ": keep it, or set OBSERVER_ADMIN_PASSWORD before the first start.\n");
        } else {
            LOG.info("The admin user was created with the password of " + ObserverConfig.ADMIN_PASSWORD);
        }
    }

    /** Leaves a generated password where the launcher reads it, readable by this user only. */
    private static boolean keepForLauncher(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n");
            return true;
        } catch (IOException e) {
            LOG.warning("Could not write " + file + ": " + e);
            return false;
        }
    }

    private boolean delete(String key, String what, String by) {
        if (read(key) == null) {
            return false;
        }
        entries.put(key, null);
        audit("deleted " + what, by);
        return true;
    }

    private void audit(String what, String by) {
        oplog.record(OplogAction.SECURITY_CHANGED, "", what + " (by " + by + ")");
    }

    private List<Role> roles(Collection<String> names) {
        List<Role> roles = new ArrayList<>();
        for (String name : names) {
            if (name.equals(Role.ADMIN)) {
                roles.add(Role.ADMIN_ROLE);
            } else {
                JsonObject stored = read("role/" + name);
                if (stored != null) { // a deleted role grants nothing
                    roles.add(role(name, stored));
                }
            }
        }
        return roles;
    }

    private static Role role(String name, JsonObject json) {
        Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
        for (String p : strings(json.get("privileges"))) {
            Privilege privilege = Privilege.of(p);
            if (privilege != null) {
                privileges.add(privilege);
            }
        }
        return new Role(name, strings(json.get("indexes")).stream().map(IndexPattern::new).toList(), privileges);
    }

    private void checkRoles(List<String> roles) {
        if (roles == null) {
            throw new InvalidRequestException("'roles' is missing: a list of role names, such as [\"admin\"]");
        }
        for (String role : roles) {
            if (!role.equals(Role.ADMIN) && read("role/" + role) == null) {
                throw new InvalidRequestException("there is no role '" + role + "': create it first (PUT /api/security/roles/" + role + ")");
            }
        }
    }

    private static void checkName(String kind, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("a " + kind + " name has 1 to 128 letters, digits, '.', '_', '@' or '-', not '" + name + "'");
        }
    }

    private JsonObject read(String key) {
        String value = entries.get(key);
        return value == null ? null : parse(value);
    }

    private static JsonObject parse(String value) {
        try (JsonReader reader = JSON.createReader(new StringReader(value))) {
            return reader.readObject();
        } catch (JsonException | ClassCastException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    private static List<String> strings(JsonValue value) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }
}
