package org.observer.web.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.observer.api.ClusterService;

/**
 * {@code GET /api/cluster}: every node this node knows of (from the announcements on
 * {@code observer.nodes}) with its state and load, and which node serves each partition of
 * {@code observer.ingest}. Any node answers it, each from its own view.
 */
@Path("cluster")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    @Inject
    ClusterService cluster;

    @GET
    public String cluster() {
        return Json.cluster(cluster.cluster());
    }
}
