package org.observer.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.observer.api.BulkResult;
import org.observer.api.IngestReceipt;
import org.observer.api.IngestService;
import org.observer.api.InvalidRequestException;
import org.observer.api.NodeSettings;

import org.observer.web.security.Access;

import java.io.InputStream;

/**
 * {@code POST /api/logs/{index}} takes one JSON object; {@code POST /api/logs/{index}/_bulk} takes
 * NDJSON. Both answer only after Kafka acknowledged the logs; {@code ?refresh=wait_for} waits until
 * they are searchable too.
 */
@Path("logs/{index}")
@RequestScoped
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {

    @Inject
    Access access;

    @Inject
    IngestService ingest;

    @Inject
    NodeSettings config;

    @POST
    public Response ingest(@PathParam("index") String index, @QueryParam("refresh") String refresh,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        access.requireWrite(index);
        String json = RequestBodies.read(body, length == null ? -1 : length, config.maxBodyBytes());
        IngestReceipt receipt = ingest.ingest(index, json, waitFor(refresh));
        return Response.accepted(Json.receipt(receipt)).build();
    }

    @POST
    @Path("_bulk")
    public Response bulk(@PathParam("index") String index, @QueryParam("refresh") String refresh,
                         @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        access.requireWrite(index);
        // the body's bytes go to the service as they came: it reads and refuses each line there
        byte[] ndjson = RequestBodies.readBytes(body, length == null ? -1 : length, config.maxBodyBytes());
        BulkResult result = ingest.ingestBulk(index, ndjson, waitFor(refresh));
        int status = result.rejected() == 0 ? 202 : result.accepted() == 0 ? 400 : 207;
        return Response.status(status).entity(Json.bulk(result)).build();
    }

    private static boolean waitFor(String refresh) {
        if (refresh == null || refresh.equals("false")) {
            return false;
        }
        if (refresh.equals("wait_for") || refresh.equals("true") || refresh.isEmpty()) {
            return true;
        }
        throw new InvalidRequestException("parameter 'refresh' is '" + refresh + "': use wait_for or false");
    }
}
