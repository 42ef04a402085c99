package org.observer.cluster.rpc;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the {@code observer.Node} methods on a port of its own, on all interfaces. Each call must
 * carry the cluster secret, else it is refused as UNAUTHENTICATED before any handler runs. Handlers
 * run on a fixed pool of threads, so a burst of calls queues instead of growing threads without
 * bound.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RpcServer.class.getName());
    public static final int DEFAULT_THREADS = 8;
    private static final byte[] EMPTY = new byte[0];

    private final Server server;
    private final ExecutorService handlerThreads;
    private final AtomicInteger connections = new AtomicInteger();

    private RpcServer(int port, byte[] secretDigest, Map<String, RpcHandler> handlers, ExecutorService handlerThreads)
            throws IOException {
        this.handlerThreads = handlerThreads;
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(RpcProtocol.SERVICE);
        handlers.forEach((name, handler) -> service.addMethod(RpcProtocol.method(name),
                ServerCalls.asyncUnaryCall((request, response) -> dispatch(name, handler, request, response))));
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(port))
                .addService(ServerInterceptors.intercept(service.build(), new SecretCheck(secretDigest)))
                // gRPC's own callbacks run on the transport threads: they only hand the call over to
                // the handler pool. On a pool of gRPC's, a cancellation would queue behind busy
                // handlers and the handler waiting for it would not see it in time.
                .directExecutor()
                .maxInboundMessageSize(RpcProtocol.MAX_MESSAGE_BYTES)
                // clients ping every 30 s while calls are open; the default (5 min) would reject them
                .permitKeepAliveTime(20, TimeUnit.SECONDS)
                .addTransportFilter(new ConnectionCount())
                .build()
                .start();
    }

    /** Starts a server with {@value #DEFAULT_THREADS} handler threads named {@code observer-rpc-N}. */
    public static RpcServer start(int port, String secret, Map<String, RpcHandler> handlers) throws IOException {
        return start(port, secret, handlers, DEFAULT_THREADS, null);
    }

    /**
     * Starts a server on {@code port} (0: any free port, see {@link #port()}).
     *
     * @param handlers method name → its handler
     * @param threads  how many calls are handled at once; more wait in line
     * @param factory  makes the handler threads (in a container: its managed thread factory);
     *                 {@code null} for daemon threads named {@code observer-rpc-N}
     * @throws IOException if the port cannot be bound
     */
    public static RpcServer start(int port, String secret, Map<String, RpcHandler> handlers, int threads,
                                  ThreadFactory factory) throws IOException {
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException("an RPC server needs at least one handler");
        }
        handlers.keySet().forEach(RpcProtocol::checkName);
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory != null ? factory : daemonThreads());
        try {
            return new RpcServer(port, digest(secret), Map.copyOf(handlers), pool);
        } catch (IOException | RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    /**
     * Whether the call the current thread is answering is over for its caller (cancelled, deadline
     * passed, connection lost): a long handler checks this and stops early. False outside a call.
     */
    public static boolean cancelled() {
        return Context.current().isCancelled();
    }

    /**
     * {@link #cancelled()} for the call the current thread is answering, to hand to the other
     * threads a handler spreads its work over.
     */
    public static BooleanSupplier cancellation() {
        Context call = Context.current();
        return call::isCancelled;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** Connections open to this server now (each client holds one per peer). */
    public int openConnections() {
        return connections.get();
    }

    /** Stops taking calls, lets running ones finish for up to 5 s, then cuts them off. */
    @Override
    public void close() {
        server.shutdown();
        handlerThreads.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            handlerThreads.shutdownNow();
        }
    }

    /** On a transport thread, inside the call's context: queue the call for a handler thread. */
    private void dispatch(String method, RpcHandler handler, byte[] request, StreamObserver<byte[]> response) {
        try {
            // the context travels along, so the handler thread sees the call's cancellation
            handlerThreads.execute(Context.current().wrap(() -> answer(method, handler, request, response)));
        } catch (RejectedExecutionException e) {
            response.onError(RpcProtocol.failure(RpcErrorKind.UNAVAILABLE, "the node is shutting down"));
        }
    }

    private static void answer(String method, RpcHandler handler, byte[] request, StreamObserver<byte[]> response) {
        if (cancelled()) {
            return; // its caller gave up while it waited in line: nobody reads the answer
        }
        byte[] result;
        try {
            result = handler.handle(request);
        } catch (RpcFailure e) {
            response.onError(RpcProtocol.failure(e.kind(), e.getMessage()));
            return;
        } catch (Exception e) {
            if (!cancelled()) {
                LOG.log(Level.WARNING, "RPC " + method + " failed", e);
            }
            response.onError(RpcProtocol.failure(RpcErrorKind.INTERNAL, e.toString()));
            return;
        } catch (Error e) {
            response.onError(RpcProtocol.failure(RpcErrorKind.INTERNAL, e.toString()));
            throw e;
        }
        // answering a call that is already over does nothing (unary calls do not throw then)
        response.onNext(result != null ? result : EMPTY);
        response.onCompleted();
    }

    private static byte[] digest(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the cluster secret must not be empty");
        }
        return sha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "observer-rpc-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Refuses a call without the cluster secret before it reaches a handler. */
    private record SecretCheck(byte[] secretDigest) implements ServerInterceptor {

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            byte[] given = headers.get(RpcProtocol.SECRET);
            // digests of equal length, compared in constant time: the time taken tells nothing
            if (given == null || !MessageDigest.isEqual(secretDigest, sha256(given))) {
                call.close(Status.UNAUTHENTICATED.withDescription("wrong or missing cluster secret"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }

    private final class ConnectionCount extends ServerTransportFilter {

        @Override
        public Attributes transportReady(Attributes attributes) {
            connections.incrementAndGet();
            return attributes;
        }

        @Override
        public void transportTerminated(Attributes attributes) {
            if (attributes != null) { // null: the connection ended before it was ready, uncounted
                connections.decrementAndGet();
            }
        }
    }
}
