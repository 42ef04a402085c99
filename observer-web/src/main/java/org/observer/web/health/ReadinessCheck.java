package org.observer.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.observer.api.SecurityService;
import org.observer.cluster.ClusterRpc;
import org.observer.ingest.KafkaIngestService;
import org.observer.ingest.Processor;

/**
 * Ready while Kafka answers, the ingest topic exists and this node's processors consume it, and (with
 * security on) once the admin user exists: the first start's generated password is out by then.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    Processor processor;

    @Inject
    KafkaIngestService ingest;

    @Inject
    ClusterRpc rpc;

    @Inject
    SecurityService security;

    @Override
    public HealthCheckResponse call() {
        String processors;
        boolean kafka;
        boolean cluster;
        boolean users;
        // Payara calls this on its own HTTP threads, whose context class loader is not the
        // application's, even while the application deploys: beans first made here need ours
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ReadinessCheck.class.getClassLoader());
        try {
            processors = processor.notReadyBecause();
            kafka = ingest.isKafkaReachable();
            cluster = rpc.isReady();
            users = security.isReady();
        } catch (RuntimeException e) {
            processors = "starting"; // the EJB container is still starting
            kafka = cluster = users = false;
        } finally {
            thread.setContextClassLoader(previous);
        }
        // which part is not ready yet, for whoever waits on this check
        return HealthCheckResponse.named("observer-ingest").status(processors.isEmpty() && kafka && cluster && users)
                .withData("processors", processors.isEmpty() ? "ready" : processors).withData("kafka", kafka)
                .withData("cluster_rpc", cluster).withData("security", users).build();
    }
}
