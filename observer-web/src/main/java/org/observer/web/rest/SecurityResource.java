package org.observer.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.observer.api.Caller;
import org.observer.api.IndexPattern;
import org.observer.api.InvalidRequestException;
import org.observer.api.Privilege;
import org.observer.api.Role;
import org.observer.api.SecurityService;
import org.observer.config.ObserverConfig;
import org.observer.web.security.Access;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Users, roles and API keys ({@code /api/security/…}), for the admin role only; and
 * {@code GET /api/security/_authenticate}, which tells any caller who it is and what it may do.
 */
@Path("security")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SecurityResource {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    SecurityService security;

    @Inject
    Access access;

    @GET
    @Path("_authenticate")
    public String authenticate() {
        Caller caller = access.caller();
        return JSON.createObjectBuilder().add("username", caller.name()).add("kind", caller.kind())
                .add("roles", roles(caller.roles())).build().toString();
    }

    @GET
    @Path("users")
    public String users() {
        access.requireAdmin();
        JsonArrayBuilder users = JSON.createArrayBuilder();
        for (SecurityService.UserInfo user : security.users()) {
            users.add(JSON.createObjectBuilder().add("name", user.name()).add("roles", JSON.createArrayBuilder(user.roles())));
        }
        return JSON.createObjectBuilder().add("users", users).build().toString();
    }

    @PUT
    @Path("users/{name}")
    public String putUser(@PathParam("name") String name, String body) {
        access.requireAdmin();
        JsonObject json = object(body, "password", "roles");
        String password = json.containsKey("password") ? string(json, "password") : null;
        security.putUser(name, password, strings(json, "roles"), by());
        return "{\"acknowledged\":true,\"user\":" + Json.quoted(name) + "}";
    }

    @DELETE
    @Path("users/{name}")
    public String deleteUser(@PathParam("name") String name) {
        access.requireAdmin();
        return found(security.deleteUser(name, by()), "user", name);
    }

    @GET
    @Path("roles")
    public String listRoles() {
        access.requireAdmin();
        return JSON.createObjectBuilder().add("roles", roles(security.roles())).build().toString();
    }

    @PUT
    @Path("roles/{name}")
    public String putRole(@PathParam("name") String name, String body) {
        access.requireAdmin();
        JsonObject json = object(body, "indexes", "privileges");
        security.putRole(name, strings(json, "indexes"), strings(json, "privileges"), by());
        return "{\"acknowledged\":true,\"role\":" + Json.quoted(name) + "}";
    }

    @DELETE
    @Path("roles/{name}")
    public String deleteRole(@PathParam("name") String name) {
        access.requireAdmin();
        return found(security.deleteRole(name, by()), "role", name);
    }

    @GET
    @Path("api_keys")
    public String apiKeys() {
        access.requireAdmin();
        JsonArrayBuilder keys = JSON.createArrayBuilder();
        for (SecurityService.KeyInfo key : security.apiKeys()) {
            JsonObjectBuilder json = JSON.createObjectBuilder().add("id", key.id()).add("name", key.name())
                    .add("roles", JSON.createArrayBuilder(key.roles())).add("owner", key.owner()).add("created", key.created());
            keys.add(key.expires() == null ? json.addNull("expires") : json.add("expires", key.expires()));
        }
        return JSON.createObjectBuilder().add("api_keys", keys).build().toString();
    }

    /**
     * {@code {"name", "roles", "expires"?}}: {@code expires} a duration from now (30d, 12h) or epoch
     * millis; {@code expiration}, Elasticsearch's name for it, works too.
     */
    @POST
    @Path("api_keys")
    public Response createApiKey(String body) {
        access.requireAdmin();
        JsonObject json = object(body, "name", "roles", "expires", "expiration");
        Long expires = null;
        JsonValue asked = json.containsKey("expires") ? json.get("expires") : json.get("expiration");
        if (asked instanceof JsonNumber millis) {
            expires = millis.longValue();
        } else if (asked instanceof JsonString duration) {
            try {
                expires = System.currentTimeMillis() + ObserverConfig.parseDuration(duration.getString()).toMillis();
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("'expires' is a duration such as 30d or 12h, or epoch millis: " + e.getMessage());
            }
        } else if (asked != null && asked != JsonValue.NULL) {
            throw new InvalidRequestException("'expires' is a duration such as 30d or 12h, or epoch millis");
        }
        SecurityService.CreatedKey key = security.createApiKey(json.containsKey("name") ? string(json, "name") : null,
                strings(json, "roles"), expires, by());
        JsonObjectBuilder answer = JSON.createObjectBuilder().add("id", key.id()).add("name", key.name())
                .add("api_key", key.key()).add("encoded", key.encoded());
        if (key.expires() != null) {
            answer.add("expiration", key.expires());
        }
        return Response.status(201).entity(answer.build().toString()).build();
    }

    @DELETE
    @Path("api_keys/{id}")
    public String deleteApiKey(@PathParam("id") String id) {
        access.requireAdmin();
        return found(security.deleteApiKey(id, by()), "API key", id);
    }

    private String by() {
        Caller caller = access.caller();
        return (caller.kind().equals("api_key") ? "API key " : "user ") + caller.name();
    }

    private static String found(boolean deleted, String kind, String name) {
        if (!deleted) {
            throw new NotFound(kind + " [" + name + "] does not exist");
        }
        return "{\"acknowledged\":true}";
    }

    private static JsonArrayBuilder roles(List<Role> roles) {
        JsonArrayBuilder out = JSON.createArrayBuilder();
        for (Role role : roles) {
            out.add(JSON.createObjectBuilder().add("name", role.name())
                    .add("indexes", JSON.createArrayBuilder(role.indexes().stream().map(IndexPattern::text).toList()))
                    .add("privileges", JSON.createArrayBuilder(role.privileges().stream().sorted().map(Privilege::label).toList())));
        }
        return out;
    }

    /** The body's object, with no field but {@code fields}: a misspelt one must not be ignored silently. */
    private static JsonObject object(String body, String... fields) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("the request needs a JSON object body");
        }
        JsonObject json;
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            json = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidRequestException("the body is not a JSON object: " + e.getMessage());
        }
        for (String field : json.keySet()) {
            if (!List.of(fields).contains(field)) {
                throw new InvalidRequestException("unknown field '" + field + "': use " + String.join(", ", fields));
            }
        }
        return json;
    }

    private static String string(JsonObject json, String name) {
        if (json.get(name) instanceof JsonString s) {
            return s.getString();
        }
        throw new InvalidRequestException("'" + name + "' must be a string");
    }

    /** A list of strings, or null when absent (the store says what is missing). */
    private static List<String> strings(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw new InvalidRequestException("'" + name + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s)) {
                throw new InvalidRequestException("'" + name + "' must be a list of strings");
            }
            out.add(s.getString());
        }
        return out;
    }

    /** A user, role or key that does not exist (404). */
    static final class NotFound extends org.observer.api.ObserverException {
        NotFound(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 404;
        }

        @Override
        public String type() {
            return "resource_not_found";
        }
    }
}
