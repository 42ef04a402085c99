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
import org.observer.api.BulkItemResult;
import org.observer.api.BulkResult;
import org.observer.api.IngestReceipt;
import org.observer.api.IngestService;
import org.observer.api.InvalidRequestException;
import org.observer.api.NodeSettings;

import org.observer.web.security.Access;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
        List<String> read = RequestBodies.readLines(body, length == null ? -1 : length, config.maxBodyBytes());
        if (read.stream().allMatch(line -> line != null && line.isBlank())) {
            throw new InvalidRequestException("the body is empty: send one JSON object per line (NDJSON)");
        }
        // a line that is not UTF-8 is refused alone: blank for the service (which keeps the numbering), an item of its own here
        List<String> lines = read.stream().map(line -> line == null ? "" : line).toList();
        BulkResult result = withLinesNotUtf8(ingest.ingestBulk(index, lines, waitFor(refresh)), read);
        int status = result.rejected() == 0 ? 202 : result.accepted() == 0 ? 400 : 207;
        return Response.status(status).entity(Json.bulk(result)).build();
    }

    private static BulkResult withLinesNotUtf8(BulkResult result, List<String> read) {
        List<BulkItemResult> items = new ArrayList<>(result.items());
        int refused = 0;
        for (int i = 0; i < read.size(); i++) {
            if (read.get(i) == null) {
                items.add(BulkItemResult.rejected(i + 1, 400, "line " + (i + 1) + " is not valid UTF-8"));
                refused++;
            }
        }
        if (refused == 0) {
            return result;
        }
        items.sort(Comparator.comparingInt(BulkItemResult::line));
        return new BulkResult(result.tookMs(), result.accepted(), result.rejected() + refused, items);
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
