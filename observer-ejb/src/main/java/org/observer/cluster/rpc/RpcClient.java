package org.observer.cluster.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Calls the {@code observer.Node} methods of other nodes. It holds one persistent channel (one
 * HTTP/2 connection, reconnected as needed) per peer {@code host:port}, opened on first use and
 * kept until {@link #forget(String)} or {@link #close()}; calls to a peer share it concurrently.
 * Every call carries the cluster secret and a deadline. Thread-safe.
 */
public final class RpcClient implements AutoCloseable {

    private static final byte[] EMPTY = new byte[0];

    private final Metadata secretHeader = new Metadata();
    private final ConcurrentHashMap<String, PeerChannel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RpcClient(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the cluster secret must not be empty");
        }
        secretHeader.put(RpcProtocol.SECRET, secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Calls {@code method} on {@code peer} and waits for the answer. Interrupting the waiting
     * thread cancels the call (and the handler sees {@link RpcServer#cancelled()}).
     *
     * @param peer     {@code host:port} ({@code [v6address]:port} for an IPv6 literal)
     * @param deadline how long the call may take in all, connecting included
     * @throws RpcException the handler's failure, or DEADLINE, UNREACHABLE, UNAUTHENTICATED, CANCELLED
     */
    public byte[] call(String peer, String method, byte[] request, Duration deadline) throws RpcException {
        try {
            return ClientCalls.blockingUnaryCall(channel(peer), RpcProtocol.method(method), options(deadline),
                    request != null ? request : EMPTY);
        } catch (StatusRuntimeException e) {
            throw RpcProtocol.exception(e, peer, method);
        }
    }

    /**
     * Starts calling {@code method} on {@code peer}. The future completes with the answer or
     * exceptionally with an {@link RpcException}; {@code cancel(...)} on it cancels the call on the
     * peer too (futures derived from it with {@code thenApply} etc. do not pass a cancel back).
     * It completes on one of gRPC's threads: heavy work on the answer belongs on the caller's own
     * threads ({@code *Async} variants with an executor, or after {@code join()}).
     */
    public CompletableFuture<byte[]> callAsync(String peer, String method, byte[] request, Duration deadline) {
        ClientCall<byte[], byte[]> call = channel(peer).newCall(RpcProtocol.method(method), options(deadline));
        CallFuture future = new CallFuture(call);
        ClientCalls.asyncUnaryCall(call, request != null ? request : EMPTY, new StreamObserver<>() {
            @Override
            public void onNext(byte[] response) {
                future.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                future.completeExceptionally(t instanceof StatusRuntimeException e
                        ? RpcProtocol.exception(e, peer, method)
                        : new RpcException(RpcErrorKind.INTERNAL, t.toString(), peer, method, t));
            }

            @Override
            public void onCompleted() {
            }
        });
        return future;
    }

    /**
     * The peer at {@code peer} is back (restarted): a channel waiting out its reconnect backoff
     * (which grows to tens of seconds while a peer is down) connects at the next call instead.
     */
    public void reconnect(String peer) {
        PeerChannel channel = channels.get(peer);
        if (channel != null) {
            channel.managed().resetConnectBackoff();
        }
    }

    /**
     * Closes the channel to {@code peer}, if any (e.g. the node left the cluster): its calls in
     * flight fail at once as UNREACHABLE; a later call opens a new channel.
     */
    public void forget(String peer) {
        PeerChannel channel = channels.remove(peer);
        if (channel != null) {
            channel.managed().shutdownNow();
        }
    }

    /** The peers this client holds a channel to. */
    public Set<String> peers() {
        return new TreeSet<>(channels.keySet());
    }

    /** Closes every channel; calls in flight fail as UNREACHABLE. */
    @Override
    public void close() {
        closed = true;
        List<String> peers = List.copyOf(channels.keySet());
        List<ManagedChannel> closing = peers.stream()
                .map(channels::remove).filter(Objects::nonNull).map(PeerChannel::managed).toList();
        closing.forEach(ManagedChannel::shutdownNow);
        try {
            for (ManagedChannel channel : closing) {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Channel channel(String peer) {
        if (closed) {
            throw new IllegalStateException("the RPC client is closed");
        }
        PeerChannel channel = channels.computeIfAbsent(peer, this::open);
        if (closed) { // close() ran meanwhile and may have missed this channel
            forget(peer);
            throw new IllegalStateException("the RPC client is closed");
        }
        return channel.withSecret();
    }

    private PeerChannel open(String peer) {
        int colon = peer.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a host:port: " + peer);
        }
        String host = peer.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(peer.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a host:port: " + peer, e);
        }
        ManagedChannel managed = NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                // answers complete their future on the transport thread that read them: callers only
                // wait on the future, so a hop to gRPC's pool would add a thread wake-up per call
                .directExecutor()
                .maxInboundMessageSize(RpcProtocol.MAX_MESSAGE_BYTES)
                // while calls are open, a connection silent for 30 s is pinged and dropped if the
                // peer does not answer within 10 s: a vanished peer fails fast, not at the deadline
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .build();
        return new PeerChannel(managed, ClientInterceptors.intercept(managed,
                MetadataUtils.newAttachHeadersInterceptor(secretHeader)));
    }

    private static CallOptions options(Duration deadline) {
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("an RPC needs a positive deadline, not " + deadline);
        }
        return CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A peer's channel and the same with the secret header added to every call. */
    private record PeerChannel(ManagedChannel managed, Channel withSecret) {
    }

    /** A future whose cancel cancels the gRPC call as well. */
    private static final class CallFuture extends CompletableFuture<byte[]> {

        private final ClientCall<byte[], byte[]> call;

        CallFuture(ClientCall<byte[], byte[]> call) {
            this.call = call;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                call.cancel("cancelled by the caller", null);
            }
            return cancelled;
        }
    }
}
