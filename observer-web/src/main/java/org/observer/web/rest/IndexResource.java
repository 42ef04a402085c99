package org.observer.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.observer.api.AuditLog;
import org.observer.api.IndexNotFoundException;
import org.observer.api.IndexService;
import org.observer.api.RecoveryService;
import org.observer.api.RetentionService;
import org.observer.api.SnapshotInfo;

import org.observer.web.security.Access;

import java.util.List;

/**
 * {@code GET /api/indexes} lists indexes and their state; {@code _close}/{@code _open} force a state;
 * {@code DELETE} removes one; {@code _snapshot}, {@code _snapshots} and {@code _restore} keep and bring back copies.
 */
@Path("indexes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class IndexResource {

    @Inject
    Access access;

    /** Where the manage actions the caller asks for are recorded, with who asked. */
    @Inject
    AuditLog audit;

    @Inject
    IndexService engine;

    @Inject
    RecoveryService recoveries;

    @Inject
    RetentionService retention;

    /** The indexes as the caller may see and manage them. */
    private IndexService indexes() {
        return access.indexes(engine, audit);
    }

    @GET
    public String list() {
        return Json.indexes(indexes().list(), retention.current());
    }

    @GET
    @Path("{index}")
    public String get(@PathParam("index") String index) {
        return Json.index(indexes().get(index), retention.current());
    }

    @POST
    @Path("{index}/_close")
    public String close(@PathParam("index") String index) {
        return Json.index(indexes().close(index), retention.current());
    }

    @POST
    @Path("{index}/_open")
    public String open(@PathParam("index") String index) {
        return Json.index(indexes().open(index), retention.current());
    }

    /** Seals the index and rewrites its chunks cold; the lifecycle timer does this before it closes an idle index. */
    @POST
    @Path("{index}/_compact")
    public String compact(@PathParam("index") String index) {
        return Json.index(indexes().compact(index), retention.current());
    }

    @DELETE
    @Path("{index}")
    public String delete(@PathParam("index") String index) {
        indexes().delete(index);
        return "{\"deleted\":" + Json.quoted(index) + "}";
    }

    /** Seals the index and copies its chunks and covered Kafka offsets to a new snapshot. */
    @POST
    @Path("{index}/_snapshot")
    public String snapshot(@PathParam("index") String index) {
        return Json.snapshot(indexes().snapshot(index));
    }

    @GET
    @Path("{index}/_snapshots")
    public String snapshots(@PathParam("index") String index) {
        return Json.snapshots(indexes().snapshots(index));
    }

    /** Replaces the index with a snapshot ({@code ?snapshot=}, default the newest) and catches it up from Kafka. */
    @POST
    @Path("{index}/_restore")
    public String restore(@PathParam("index") String index, @QueryParam("snapshot") String snapshot) {
        String name = snapshot;
        if (name == null || name.isBlank()) {
            List<SnapshotInfo> all = indexes().snapshots(index);
            if (all.isEmpty()) {
                throw new IndexNotFoundException(index + " has no snapshot");
            }
            name = all.get(all.size() - 1).snapshot();
        }
        return Json.index(access.recovery(recoveries, audit).restore(index, name), retention.current());
    }
}
