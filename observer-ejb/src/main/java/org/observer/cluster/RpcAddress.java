package org.observer.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.observer.config.ObserverConfig;

/**
 * The address other nodes reach this node's RPC server at: the configured port until the server
 * is bound, then the one it got. Kept apart from {@link ClusterRpc} so that announcing it never
 * waits for that bean's start.
 */
@ApplicationScoped
public class RpcAddress {

    @Inject
    ObserverConfig config;

    private volatile int boundPort;

    /** {@code host:port}. */
    public String hostAndPort() {
        int port = boundPort;
        return config.advertisedHost() + ":" + (port > 0 ? port : config.rpcPort());
    }

    void bound(int port) {
        boundPort = port;
    }
}
