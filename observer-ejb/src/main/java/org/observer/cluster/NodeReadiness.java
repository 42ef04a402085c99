package org.observer.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.api.ReadinessService;
import org.observer.api.SecurityService;
import org.observer.ingest.KafkaIngestService;
import org.observer.ingest.Processor;

/**
 * Ready while Kafka answers, the ingest topic exists and this node's processors consume it, the
 * RPC between nodes listens, and (with security on) once the admin user exists: the first start's
 * generated password is out by then.
 */
@ApplicationScoped
public class NodeReadiness implements ReadinessService {

    @Inject
    Processor processor;

    @Inject
    KafkaIngestService ingest;

    @Inject
    ClusterRpc rpc;

    @Inject
    SecurityService security;

    @Override
    public Readiness readiness() {
        return new Readiness(processor.notReadyBecause(), ingest.isKafkaReachable(), rpc.isReady(), security.isReady());
    }
}
