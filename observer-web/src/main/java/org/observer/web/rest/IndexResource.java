package org.observer.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.observer.api.IndexService;

/** {@code GET /api/indexes} lists indexes and their state; {@code _close}/{@code _open} force a state. */
@Path("indexes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class IndexResource {

    @Inject
    IndexService indexes;

    @GET
    public String list() {
        return Json.indexes(indexes.list());
    }

    @GET
    @Path("{index}")
    public String get(@PathParam("index") String index) {
        return Json.index(indexes.get(index));
    }

    @POST
    @Path("{index}/_close")
    public String close(@PathParam("index") String index) {
        return Json.index(indexes.close(index));
    }

    @POST
    @Path("{index}/_open")
    public String open(@PathParam("index") String index) {
        return Json.index(indexes.open(index));
    }
}
