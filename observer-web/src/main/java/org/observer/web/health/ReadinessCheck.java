package org.observer.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.observer.api.ReadinessService;

/** The node's readiness ({@link ReadinessService}) as a MicroProfile health check, part by part. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    ReadinessService node;

    @Override
    public HealthCheckResponse call() {
        ReadinessService.Readiness parts;
        // Payara calls this on its own HTTP threads, whose context class loader is not the
        // application's, even while the application deploys: beans first made here need ours
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ReadinessCheck.class.getClassLoader());
        try {
            parts = node.readiness();
        } catch (RuntimeException e) {
            parts = new ReadinessService.Readiness("starting", false, false, false); // the EJB container is still starting
        } finally {
            thread.setContextClassLoader(previous);
        }
        // which part is not ready yet, for whoever waits on this check
        return HealthCheckResponse.named("observer-ingest").status(parts.ready())
                .withData("processors", parts.processors().isEmpty() ? "ready" : parts.processors())
                .withData("kafka", parts.kafka()).withData("cluster_rpc", parts.clusterRpc())
                .withData("security", parts.security()).build();
    }
}
