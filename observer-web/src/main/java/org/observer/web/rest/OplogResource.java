package org.observer.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.observer.api.InvalidRequestException;
import org.observer.api.OplogService;
import org.observer.index.IndexNames;
import org.observer.search.TimeExpressions;
import org.observer.web.security.Access;

/**
 * {@code GET /api/oplog?index=&from=&to=&size=}: the node's archived actions, oldest first. Times
 * are ISO-8601 or relative ({@code now-1h}); size defaults to 1000.
 */
@Path("oplog")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OplogResource {

    @Inject
    Access access;

    @Inject
    OplogService oplog;

    @GET
    public String read(@QueryParam("index") String index, @QueryParam("from") String from,
                       @QueryParam("to") String to, @QueryParam("size") String size) {
        long now = System.currentTimeMillis();
        Long fromMillis = TimeExpressions.parse("from", from, now);
        Long toMillis = TimeExpressions.parse("to", to, now);
        String name = index == null || index.isBlank() ? null : index.trim();
        if (name != null && !IndexNames.isValid(name)) {
            throw new InvalidRequestException("index is '" + name + "': not a valid index name");
        }
        int n = 1000;
        if (size != null && !size.isBlank()) {
            try {
                n = Integer.parseInt(size.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("size is '" + size + "': expected a whole number");
            }
        }
        if (name != null) {
            access.requireRead(name);
        }
        return Json.oplog(oplog.read(name, fromMillis == null ? Long.MIN_VALUE : fromMillis,
                toMillis == null ? Long.MAX_VALUE : toMillis, n).stream()
                .filter(e -> access.maySeeOplogOf(e.index())).toList());
    }
}
