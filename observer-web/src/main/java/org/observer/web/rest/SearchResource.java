package org.observer.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.observer.api.InvalidRequestException;
import org.observer.api.SearchRequest;
import org.observer.api.SearchService;
import org.observer.search.TimeExpressions;

/**
 * {@code GET /api/search?index=<name|a,b|prefix*>&q=<query>&from=<time>&to=<time>&size=<n>}: hits
 * newest first, all terms must match.
 */
@Path("search")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    @Inject
    SearchService search;

    @GET
    public String search(@QueryParam("index") String index, @QueryParam("q") String q,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("size") String size) {
        long now = System.currentTimeMillis();
        SearchRequest request = new SearchRequest(index, q, TimeExpressions.parse("from", from, now),
                TimeExpressions.parse("to", to, now), size(size));
        return Json.search(search.search(request));
    }

    private static int size(String size) {
        if (size == null || size.isBlank()) {
            return SearchRequest.DEFAULT_SIZE;
        }
        try {
            return Integer.parseInt(size.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("parameter 'size' is '" + size + "': use a number from 0 to "
                    + SearchRequest.MAX_SIZE);
        }
    }
}
