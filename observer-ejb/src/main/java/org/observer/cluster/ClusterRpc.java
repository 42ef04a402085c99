package org.observer.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.observer.api.IndexInfo;
import org.observer.api.IndexNotFoundException;
import org.observer.api.InvalidRequestException;
import org.observer.api.ServiceUnavailableException;
import org.observer.cluster.rpc.RpcClient;
import org.observer.cluster.rpc.RpcErrorKind;
import org.observer.cluster.rpc.RpcException;
import org.observer.cluster.rpc.RpcFailure;
import org.observer.cluster.rpc.RpcHandler;
import org.observer.cluster.rpc.RpcServer;
import org.observer.config.ObserverConfig;
import org.observer.index.IndexManager;
import org.observer.ingest.IngestProgress;
import org.observer.ingest.PartitionOwnership;
import org.observer.kafka.KafkaSettings;
import org.observer.search.LocalSearch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's end of the RPC between nodes: the server answering the others (searches, bounds,
 * refresh waits, index figures and actions, each for the partitions this node serves) and the
 * client calling them. The cluster secret is {@code OBSERVER_CLUSTER_SECRET}, or, when unset, the
 * Kafka cluster's id: every node of the cluster can read it, nothing else needs setting up.
 */
@Singleton
@Startup
@DependsOn("IndexManager")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ClusterRpc {

    private static final Logger LOG = Logger.getLogger(ClusterRpc.class.getName());

    static final String SEARCH = "search";
    static final String BOUNDS = "bounds";
    static final String AWAIT = "await";
    static final String INDEXES = "indexes";
    static final String INDEX_ACTION = "index";

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ObserverConfig config;

    @Inject
    NodeRegistry registry;

    @Inject
    PartitionOwnership ownership;

    @Inject
    LocalSearch search;

    @Inject
    IndexManager indexes;

    @Inject
    IngestProgress progress;

    @Inject
    ClusterIndexes clusterIndexes;

    @Inject
    RpcAddress address;

    private volatile RpcServer server;
    private volatile RpcClient client;
    private volatile boolean running;
    private Thread starter;

    @PostConstruct
    void start() {
        running = true;
        starter = threads.newThread(this::startWhenSecretKnown);
        starter.setName("observer-rpc-start");
        starter.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        starter.interrupt();
        RpcServer s = server;
        if (s != null) {
            s.close();
        }
        RpcClient c = client;
        if (c != null) {
            c.close();
        }
    }

    /** True once this node answers the others and can call them. */
    public boolean isReady() {
        return server != null && client != null;
    }

    private void startWhenSecretKnown() {
        while (running) {
            try {
                String secret = config.clusterSecret().isEmpty() ? kafkaClusterId() : config.clusterSecret();
                RpcServer started;
                try {
                    started = RpcServer.start(config.rpcPort(), secret, handlers(), RpcServer.DEFAULT_THREADS, threads);
                } catch (java.io.IOException e) {
                    if (config.rpcPortSet()) {
                        throw e;
                    }
                    // the default port is taken: any port will do, the announcements carry it
                    LOG.info(() -> "Port " + config.rpcPort() + " is taken; cluster RPC takes a free port");
                    started = RpcServer.start(0, secret, handlers(), RpcServer.DEFAULT_THREADS, threads);
                }
                client = new RpcClient(secret);
                server = started;
                int port = started.port();
                address.bound(port);
                LOG.info(() -> "Cluster RPC listening on port " + port);
                return;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Cluster RPC cannot start yet (retrying in 2 s): " + e, e instanceof java.io.IOException ? e : null);
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private String kafkaClusterId() throws Exception {
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            return admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        }
    }

    /** Calls {@code method} on node {@code node}; fails at once when the node is unknown or RPC is not up. */
    public CompletableFuture<byte[]> call(String node, String method, byte[] request, Duration deadline) {
        RpcClient c = client;
        NodeView view = registry.node(node).orElse(null);
        if (c == null || view == null) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorKind.UNREACHABLE,
                    c == null ? "cluster RPC is not started" : "node " + node + " is not known", node, method, null));
        }
        NodeView seen = called.put(node, view);
        if (seen != null && !seen.rpc().equals(view.rpc())) {
            c.forget(seen.rpc()); // moved: the old address's connection is of no more use
        } else if (seen != null && seen.started() != view.started()) {
            // restarted at the same address: while it was down the channel's reconnect backoff grew
            // (to tens of seconds after a long outage); try at once instead
            c.reconnect(view.rpc());
        }
        return c.callAsync(view.rpc(), method, request, deadline);
    }

    /** The view of each node at its last call: a change of address or start time is noticed at the next. */
    private final Map<String, NodeView> called = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, RpcHandler> handlers() {
        return Map.of(
                SEARCH, guarded(request -> {
                    ClusterCodec.PlanMessage message = ClusterCodec.decode(request, ClusterCodec::readPlan);
                    return ClusterCodec.encode(out -> ClusterCodec.writeResult(out, search.search(message.plan(), message.partitions())));
                }),
                BOUNDS, guarded(request -> {
                    Object[] asked = ClusterCodec.decode(request, in -> new Object[]{ClusterCodec.readString(in), ClusterCodec.readInts(in)});
                    @SuppressWarnings("unchecked")
                    Set<Integer> partitions = (Set<Integer>) asked[1];
                    long[] bounds = search.bounds((String) asked[0], partitions);
                    Set<Integer> answered = new java.util.TreeSet<>();
                    partitions.stream().filter(ownership::answers).forEach(answered::add);
                    return ClusterCodec.encode(out -> {
                        out.writeLong(bounds[0]);
                        out.writeLong(bounds[1]);
                        ClusterCodec.writeInts(out, answered);
                    });
                }),
                AWAIT, guarded(request -> {
                    long[] asked = ClusterCodec.decode(request, in -> new long[]{in.readInt(), in.readLong(), in.readLong()});
                    int partition = (int) asked[0];
                    if (!ownership.serves(partition) && !ownership.keepsCopy(partition)) {
                        throw new RpcFailure(RpcErrorKind.NOT_FOUND, "partition " + partition + " is neither served nor copied here");
                    }
                    boolean done = progress.awaitSearchable(partition, asked[1], asked[2]);
                    return new byte[]{(byte) (done ? 1 : 0)};
                }),
                INDEXES, guarded(request -> ClusterCodec.encode(out -> ClusterCodec.writeInfos(out, indexes.list(ownership.owned())))),
                INDEX_ACTION, guarded(request -> {
                    String[] asked = ClusterCodec.decode(request, in -> new String[]{ClusterCodec.readString(in), ClusterCodec.readString(in)});
                    return clusterIndexes.actLocally(asked[0], asked[1]);
                }));
    }

    /** Turns the node's own exceptions into failures the caller can tell apart. */
    private static RpcHandler guarded(RpcHandler handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (RuntimeException e) {
                RuntimeException cause = ClientErrors.unwrapped(e);
                if (cause instanceof IndexNotFoundException) {
                    throw new RpcFailure(RpcErrorKind.NOT_FOUND, cause.getMessage());
                } else if (cause instanceof InvalidRequestException || cause instanceof IllegalArgumentException) {
                    throw new RpcFailure(RpcErrorKind.INVALID_REQUEST, cause.getMessage());
                } else if (cause instanceof ServiceUnavailableException) {
                    throw new RpcFailure(RpcErrorKind.UNAVAILABLE, cause.getMessage());
                }
                throw cause;
            }
        };
    }

    /**
     * The nodes to ask for cluster-wide listings and actions: every node not DOWN that serves a
     * partition (one that serves none holds nothing to show), this one included.
     */
    public List<String> liveNodes() {
        return registry.nodes().stream().filter(v -> v.serving() && !v.partitions().isEmpty()).map(NodeView::name).toList();
    }
}
