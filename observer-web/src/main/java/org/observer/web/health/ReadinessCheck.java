package org.observer.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.observer.ingest.KafkaIngestService;
import org.observer.cluster.ClusterRpc;
import org.observer.ingest.Processor;

/** Ready while Kafka answers, the ingest topic exists and this node's processors consume it. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    Processor processor;

    @Inject
    KafkaIngestService ingest;

    @Inject
    ClusterRpc rpc;

    @Override
    public HealthCheckResponse call() {
        boolean ready;
        try {
            ready = processor.isReady() && ingest.isKafkaReachable() && rpc.isReady();
        } catch (RuntimeException e) {
            ready = false; // the EJB container is still starting
        }
        return HealthCheckResponse.named("observer-ingest").status(ready).build();
    }
}
