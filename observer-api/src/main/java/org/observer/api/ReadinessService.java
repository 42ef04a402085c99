package org.observer.api;

/** What this node still waits for before it takes traffic; {@code /health/ready} reports it. */
public interface ReadinessService {

    /**
     * Each part of the node: {@code processors} is empty once they consume {@code observer.ingest}
     * (else why not yet), the others whether that part is ready.
     */
    record Readiness(String processors, boolean kafka, boolean clusterRpc, boolean security) {

        public boolean ready() {
            return processors.isEmpty() && kafka && clusterRpc && security;
        }
    }

    Readiness readiness();
}
