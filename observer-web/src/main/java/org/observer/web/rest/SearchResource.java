package org.observer.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchRequest;
import org.observer.api.SearchService;
import org.observer.search.TimeExpressions;

import org.observer.web.security.Access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/search?index=<name|a,b|prefix*>&q=<query>&from=<time>&to=<time>&size=<n>
 * &search_after=<next>&histogram=<auto|5m>&terms=<field,field>&terms_size=<n>&highlight=true}, and
 * {@code POST /api/search} with the same as a JSON object (see README).
 */
@Path("search")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    /** Far more than any search body needs; a bigger one is a mistake. */
    private static final long MAX_BODY_BYTES = 1 << 20;
    private static final Set<String> BODY_KEYS = Set.of("index", "q", "query", "from", "to", "size", "search_after",
            "histogram", "terms", "terms_size", "highlight");

    @Inject
    Access access;

    @Inject
    SearchService search;

    @GET
    public String search(@QueryParam("index") String index, @QueryParam("q") String q,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("size") String size, @QueryParam("search_after") String searchAfter,
                         @QueryParam("histogram") String histogram, @QueryParam("terms") String terms,
                         @QueryParam("terms_size") String termsSize, @QueryParam("highlight") String highlight) {
        long now = System.currentTimeMillis();
        SearchRequest request = new SearchRequest(index, q, TimeExpressions.parse("from", from, now),
                TimeExpressions.parse("to", to, now), number("size", size, SearchRequest.DEFAULT_SIZE), searchAfter,
                histogram, fields(terms), number("terms_size", termsSize, SearchRequest.DEFAULT_TERMS_SIZE),
                bool("highlight", highlight));
        return Json.search(search.search(access.readable(request)));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public String searchBody(@Context HttpServletRequest http) throws java.io.IOException {
        String body = RequestBodies.read(http.getInputStream(), http.getContentLengthLong(), MAX_BODY_BYTES);
        JsonObject json = JsonBodies.object(body, "the search body (one JSON object like {\"index\": \"app\", \"q\": \"error\"})");
        for (String key : json.keySet()) {
            if (!BODY_KEYS.contains(key)) {
                throw new InvalidRequestException("unknown key '" + key + "' in the search body; known: " + BODY_KEYS);
            }
        }
        long now = System.currentTimeMillis();
        String q = json.containsKey("q") ? text(json, "q") : text(json, "query");
        List<String> terms = new ArrayList<>();
        JsonValue termsValue = json.get("terms");
        if (termsValue instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (!(v instanceof JsonString s)) {
                    throw new InvalidRequestException("'terms' must be a field name or an array of field names");
                }
                terms.add(s.getString());
            }
        } else if (termsValue != null && termsValue != JsonValue.NULL) {
            terms.addAll(fields(text(json, "terms")));
        }
        SearchRequest request = new SearchRequest(text(json, "index"), q,
                TimeExpressions.parse("from", text(json, "from"), now), TimeExpressions.parse("to", text(json, "to"), now),
                number("size", text(json, "size"), SearchRequest.DEFAULT_SIZE), text(json, "search_after"),
                text(json, "histogram"), terms, number("terms_size", text(json, "terms_size"), SearchRequest.DEFAULT_TERMS_SIZE),
                bool("highlight", text(json, "highlight")));
        return Json.search(search.search(access.readable(request)));
    }

    /** A key's value as text (strings, numbers and booleans; null if absent). */
    private static String text(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.toString();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value.toString();
        }
        throw new InvalidRequestException("'" + key + "' must be a string or a number, not " + value.getValueType());
    }

    private static List<String> fields(String list) {
        List<String> fields = new ArrayList<>();
        if (list != null) {
            for (String field : list.split(",")) {
                if (!field.isBlank()) {
                    fields.add(field.trim());
                }
            }
        }
        return fields;
    }

    private static int number(String name, String value, int fallback) {
        int max = name.equals("size") ? SearchRequest.MAX_SIZE : SearchRequest.MAX_TERMS_SIZE;
        return Parameters.wholeNumber(name, value, fallback, name.equals("size") ? 0 : 1, max);
    }

    private static boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidRequestException("parameter '" + name + "' is '" + value + "': use true or false");
        };
    }
}
