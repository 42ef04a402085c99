package org.observer.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.observer.api.Caller;
import org.observer.api.NodeSettings;
import org.observer.api.SecurityService;
import org.observer.web.es.ElasticsearchRouting;
import org.observer.web.rest.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Who a request is made by, from its {@code Authorization} header: {@code Basic} (a user and
 * password) or {@code ApiKey} (base64 of {@code id:key}, as Elasticsearch clients and shippers send
 * it). With authentication on, a request without valid credentials gets a 401 (in Elasticsearch's
 * form on its API) asking for either; the health checks stay open for probes; the console lets its
 * pages through and asks for a user with its own form (the user it signed in is kept in the HTTP
 * session). The caller is left in the request for {@link RequestAccess} (with authentication off,
 * {@link Caller#UNCHECKED}).
 */
@ApplicationScoped
public class ObserverAuthentication implements HttpAuthenticationMechanism {

    public static final String CALLER = Caller.class.getName();
    /** The HTTP session attribute naming the user signed in to the console. */
    public static final String SESSION_USER = "org.observer.console.user";
    private static final String CHALLENGE = "Basic realm=\"The Observer\", charset=\"UTF-8\"";

    /** Refused credentials per client address: 20 at once, then one every 3 s (each costs a slow hash to check). */
    private final TokenBuckets attempts = new TokenBuckets(1.0 / 3, 20);
    private volatile TokenBuckets requests;

    @Inject
    SecurityService security;

    @Inject
    NodeSettings config;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (!security.enabled()) {
            request.setAttribute(CALLER, Caller.UNCHECKED);
            return context.doNothing();
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/health") || path.startsWith("/health/")) {
            return context.doNothing();
        }
        String header = request.getHeader("Authorization");
        Credentials credentials = Credentials.of(header);
        // an address refused too often gets no more slow password checks; known good credentials still pass
        long wait = credentials == null ? 0 : attempts.peek(request.getRemoteAddr());
        Caller caller = credentials == null ? null : switch (credentials.scheme()) {
            case BASIC -> security.authenticate(credentials.id(), credentials.secret(), wait == 0);
            case API_KEY -> security.authenticateKey(credentials.id(), credentials.secret());
        };
        if (caller == null && isConsole(request, path)) {
            // the console signs in with its own form: its pages and requests go on, as the session's user or as nobody
            Caller signedIn = sessionUser(request);
            if (signedIn != null) {
                request.setAttribute(CALLER, signedIn);
            }
            return context.doNothing();
        }
        if (caller == null && wait > 0) {
            tooMany(response, wait, "too many refused credentials from " + request.getRemoteAddr() + ": retry in " + wait + " s");
            return AuthenticationStatus.SEND_FAILURE;
        }
        if (caller != null) {
            wait = config.rateLimit() == 0 ? 0 : requests().take(caller.kind() + "/" + caller.name());
            if (wait > 0) {
                tooMany(response, wait, "over " + config.rateLimit() + " requests per second for " + caller.name() + ": retry in " + wait + " s");
                return AuthenticationStatus.SEND_FAILURE;
            }
            request.setAttribute(CALLER, caller);
            return context.notifyContainerAboutLogin(caller.name(), Set.of());
        }
        String reason;
        if (header == null || header.isBlank()) {
            reason = "credentials are missing: send a user and password (HTTP Basic) or an API key (Authorization: ApiKey …)";
        } else if (credentials == null) {
            reason = "the Authorization header is not Basic or ApiKey with base64 of name:secret";
        } else {
            reason = credentials.scheme() == Credentials.Scheme.BASIC
                    ? "unable to authenticate user [" + credentials.id() + "]"
                    : "unable to authenticate with the API key [" + credentials.id() + "]";
            attempts.take(request.getRemoteAddr());
            security.failed((credentials.scheme() == Credentials.Scheme.BASIC ? "user " : "API key ") + credentials.id(),
                    request.getRemoteAddr());
        }
        refuse(request, response, path, reason);
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** The user signed in to the console in this HTTP session, with its roles as they are now; null if none. */
    private Caller sessionUser(HttpServletRequest request) {
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        Object name = session == null ? null : session.getAttribute(SESSION_USER);
        return name instanceof String user ? security.user(user) : null;
    }

    /**
     * True for the console's pages, resources and requests: whatever is not the native API, the
     * Elasticsearch-compatible API or the platform's metrics and OpenAPI document.
     */
    static boolean isConsole(HttpServletRequest request, String path) {
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/logs/") || path.equals("/metrics")
                || path.startsWith("/metrics/") || path.equals("/openapi") || path.startsWith("/openapi/")) {
            return false;
        }
        return !ElasticsearchRouting.isElasticsearch(request.getMethod(), path, request.getHeader("Accept"),
                ElasticsearchRouting.isConsole(request.getQueryString()));
    }

    private TokenBuckets requests() {
        if (requests == null) {
            requests = new TokenBuckets(config.rateLimit(), 2.0 * config.rateLimit());
        }
        return requests;
    }

    private static void tooMany(HttpServletResponse response, long seconds, String reason) {
        response.setStatus(429);
        response.setHeader("Retry-After", String.valueOf(seconds));
        response.setContentType("application/json; charset=UTF-8");
        try {
            response.getOutputStream().write(Json.error(429, "too_many_requests", reason).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String path, String reason) {
        response.setStatus(401);
        response.addHeader("WWW-Authenticate", CHALLENGE);
        response.addHeader("WWW-Authenticate", "ApiKey");
        response.setContentType("application/json; charset=UTF-8");
        String body = ElasticsearchRouting.isElasticsearch(request.getMethod(), path, request.getHeader("Accept"),
                ElasticsearchRouting.isConsole(request.getQueryString()))
                ? "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":" + Json.quoted(reason)
                + "}],\"type\":\"security_exception\",\"reason\":" + Json.quoted(reason) + "},\"status\":401}"
                : Json.error(401, "unauthorized", reason);
        try {
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client went away: nothing to tell it
        }
    }

    /** What an Authorization header names; null if it is neither scheme, or not base64 of {@code id:secret}. */
    record Credentials(Scheme scheme, String id, String secret) {

        enum Scheme { BASIC, API_KEY }

        static Credentials of(String header) {
            if (header == null) {
                return null;
            }
            String value = header.strip();
            int space = value.indexOf(' ');
            if (space < 0) {
                return null;
            }
            String name = value.substring(0, space);
            Scheme scheme = name.equalsIgnoreCase("Basic") ? Scheme.BASIC : name.equalsIgnoreCase("ApiKey") ? Scheme.API_KEY : null;
            if (scheme == null) {
                return null;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value.substring(space + 1).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new Credentials(scheme, decoded.substring(0, colon), decoded.substring(colon + 1));
        }
    }
}
