package org.observer.cluster.rpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real server and client over loopback. */
@Timeout(60)
class RpcRoundTripTest {

    private static final String SECRET = "s3cret";
    private static final int PORT = 17001;
    private static final String PEER = "127.0.0.1:" + PORT;
    /** Nothing listens here. */
    private static final String CLOSED_PEER = "127.0.0.1:17099";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final AtomicInteger echoCalls = new AtomicInteger();
    private static final AtomicReference<String> echoThread = new AtomicReference<>();
    private static final AtomicReference<CountDownLatch> started = new AtomicReference<>();
    private static final AtomicReference<CountDownLatch> sawCancel = new AtomicReference<>();

    private static RpcServer server;
    private static RpcClient client;

    @BeforeAll
    static void start() throws Exception {
        server = RpcServer.start(PORT, SECRET, Map.of(
                "echo", request -> {
                    echoCalls.incrementAndGet();
                    echoThread.set(Thread.currentThread().getName());
                    return request;
                },
                "missing", request -> {
                    throw new RpcFailure(RpcErrorKind.NOT_FOUND, new String(request, StandardCharsets.UTF_8));
                },
                "invalid", request -> {
                    throw new RpcFailure(RpcErrorKind.INVALID_REQUEST, "bad query");
                },
                "busy", request -> {
                    throw new RpcFailure(RpcErrorKind.UNAVAILABLE, "catching up");
                },
                "broken", request -> {
                    throw new IllegalStateException("disk gone");
                },
                "slow", request -> {
                    started.get().countDown();
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!RpcServer.cancelled() && System.nanoTime() < giveUp) {
                        Thread.sleep(5);
                    }
                    if (RpcServer.cancelled()) {
                        sawCancel.get().countDown();
                    }
                    return new byte[0];
                }));
        client = new RpcClient(SECRET);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static RpcException rpcFailure(String peer, String method, byte[] request, Duration deadline) {
        return assertThrows(RpcException.class, () -> client.call(peer, method, request, deadline));
    }

    @Test
    void bytesTravelUnchangedEmptyAndLargeIncluded() throws Exception {
        byte[] small = "hello".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(small, client.call(PEER, "echo", small, DEADLINE));
        assertArrayEquals(new byte[0], client.call(PEER, "echo", new byte[0], DEADLINE));
        assertArrayEquals(new byte[0], client.call(PEER, "echo", null, DEADLINE));

        byte[] large = new byte[20 << 20]; // beyond gRPC's default 4 MB limit
        new Random(42).nextBytes(large);
        assertArrayEquals(large, client.call(PEER, "echo", large, DEADLINE));
        assertArrayEquals(large, client.callAsync(PEER, "echo", large, DEADLINE).get(10, TimeUnit.SECONDS));

        assertTrue(echoThread.get().startsWith("observer-rpc-"), echoThread.get());
    }

    @Test
    void aWrongSecretIsUnauthenticatedAndNoHandlerRuns() throws Exception {
        int before = echoCalls.get();
        try (RpcClient stranger = new RpcClient("not the secret")) {
            RpcException e = assertThrows(RpcException.class, () -> stranger.call(PEER, "echo", new byte[1], DEADLINE));
            assertEquals(RpcErrorKind.UNAUTHENTICATED, e.kind());
            assertEquals(PEER, e.peer());
            assertEquals("echo", e.method());
        }
        assertEquals(before, echoCalls.get());
    }

    @Test
    void aCallWithoutTheSecretIsUnauthenticatedAndNoHandlerRuns() throws Exception {
        int before = echoCalls.get();
        ManagedChannel bare = NettyChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    bare, RpcProtocol.method("echo"), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    new byte[1]));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        } finally {
            bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertEquals(before, echoCalls.get());
    }

    @Test
    void aHandlersFailureArrivesWithItsKindAndMessage() {
        RpcException notFound = rpcFailure(PEER, "missing", "x".getBytes(StandardCharsets.UTF_8), DEADLINE);
        assertEquals(RpcErrorKind.NOT_FOUND, notFound.kind());
        assertEquals("x", notFound.getMessage());

        RpcException invalid = rpcFailure(PEER, "invalid", new byte[0], DEADLINE);
        assertEquals(RpcErrorKind.INVALID_REQUEST, invalid.kind());
        assertEquals("bad query", invalid.getMessage());

        // a handler's UNAVAILABLE stays apart from an unreachable peer
        RpcException busy = rpcFailure(PEER, "busy", new byte[0], DEADLINE);
        assertEquals(RpcErrorKind.UNAVAILABLE, busy.kind());
        assertEquals("catching up", busy.getMessage());
    }

    @Test
    void anyOtherHandlerExceptionIsInternalNamingIt() {
        RpcException e = rpcFailure(PEER, "broken", new byte[0], DEADLINE);
        assertEquals(RpcErrorKind.INTERNAL, e.kind());
        assertEquals("java.lang.IllegalStateException: disk gone", e.getMessage());
    }

    @Test
    void aMethodThePeerDoesNotServeIsInternal() {
        assertEquals(RpcErrorKind.INTERNAL, rpcFailure(PEER, "nonesuch", new byte[0], DEADLINE).kind());
    }

    @Test
    void aCallPastItsDeadlineIsDeadlineAndTheHandlerSeesItCancelled() throws Exception {
        started.set(new CountDownLatch(1));
        sawCancel.set(new CountDownLatch(1));
        RpcException e = rpcFailure(PEER, "slow", new byte[0], Duration.ofMillis(200));
        assertEquals(RpcErrorKind.DEADLINE, e.kind());
        assertTrue(sawCancel.get().await(5, TimeUnit.SECONDS), "the handler never saw the call cancelled");
    }

    @Test
    void anUnreachablePeerIsUnreachable() {
        RpcException e = rpcFailure(CLOSED_PEER, "echo", new byte[1], Duration.ofSeconds(5));
        assertEquals(RpcErrorKind.UNREACHABLE, e.kind());
        client.forget(CLOSED_PEER);

        CompletionException async = assertThrows(CompletionException.class,
                () -> client.callAsync(CLOSED_PEER, "echo", new byte[1], Duration.ofSeconds(5)).join());
        assertEquals(RpcErrorKind.UNREACHABLE, assertInstanceOf(RpcException.class, async.getCause()).kind());
        client.forget(CLOSED_PEER);
    }

    @Test
    void cancellingAnAsyncCallCancelsItOnTheServer() throws Exception {
        started.set(new CountDownLatch(1));
        sawCancel.set(new CountDownLatch(1));
        CompletableFuture<byte[]> future = client.callAsync(PEER, "slow", new byte[0], Duration.ofSeconds(30));
        assertTrue(started.get().await(5, TimeUnit.SECONDS), "the handler never started");

        assertTrue(future.cancel(true));
        assertTrue(sawCancel.get().await(5, TimeUnit.SECONDS), "the handler never saw the call cancelled");
        assertThrows(CancellationException.class, future::join);
    }

    @Test
    void cancelsReachHandlersWhileEveryHandlerThreadIsBusyAndCallsThatExpiredInLineNeverStart() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch bothSawCancel = new CountDownLatch(2);
        AtomicInteger handled = new AtomicInteger();
        RpcHandler slow = request -> {
            handled.incrementAndGet();
            bothStarted.countDown();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!RpcServer.cancelled() && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            if (RpcServer.cancelled()) {
                bothSawCancel.countDown();
            }
            return null;
        };
        try (RpcServer twoThreads = RpcServer.start(17003, SECRET, Map.of("slow", slow), 2, null)) {
            String peer = "127.0.0.1:17003";
            CompletableFuture<byte[]> first = client.callAsync(peer, "slow", new byte[0], Duration.ofSeconds(30));
            CompletableFuture<byte[]> second = client.callAsync(peer, "slow", new byte[0], Duration.ofSeconds(30));
            assertTrue(bothStarted.await(5, TimeUnit.SECONDS), "the handlers never started");
            // a third call waits in line until its deadline passes
            CompletableFuture<byte[]> queued = client.callAsync(peer, "slow", new byte[0], Duration.ofMillis(300));
            CompletionException late = assertThrows(CompletionException.class, queued::join);
            assertEquals(RpcErrorKind.DEADLINE, assertInstanceOf(RpcException.class, late.getCause()).kind());
            Thread.sleep(300); // the server's clock for it started a little later than the client's

            first.cancel(true);
            second.cancel(true);
            assertTrue(bothSawCancel.await(5, TimeUnit.SECONDS), "a busy handler never saw its call cancelled");
            Thread.sleep(200); // the freed threads would now pick up the queued call
            assertEquals(2, handled.get());
        } finally {
            client.forget("127.0.0.1:17003");
        }
    }

    @Test
    void anAsyncFailureCompletesWithTheRpcException() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.callAsync(PEER, "missing", "y".getBytes(StandardCharsets.UTF_8), DEADLINE).join());
        RpcException cause = assertInstanceOf(RpcException.class, e.getCause());
        assertEquals(RpcErrorKind.NOT_FOUND, cause.kind());
        assertEquals("y", cause.getMessage());
    }

    @Test
    void callsToOnePeerShareOneChannelUntilItIsForgotten() throws Exception {
        try (RpcServer own = RpcServer.start(17002, SECRET, Map.of("echo", request -> request));
             RpcClient fresh = new RpcClient(SECRET)) {
            String peer = "127.0.0.1:17002";
            byte[] request = {1, 2, 3};
            for (int i = 0; i < 500; i++) {
                assertArrayEquals(request, fresh.call(peer, "echo", request, DEADLINE));
            }
            assertEquals(Set.of(peer), fresh.peers());
            assertEquals(1, own.openConnections());

            fresh.forget(peer);
            assertTrue(fresh.peers().isEmpty());
            assertArrayEquals(request, fresh.call(peer, "echo", request, DEADLINE));
            assertEquals(Set.of(peer), fresh.peers());
        }
    }

    @Test
    void cancelledIsFalseOutsideACall() {
        assertFalse(RpcServer.cancelled());
        assertFalse(RpcServer.cancellation().getAsBoolean());
    }

    @Test
    void aClosedClientRefusesCalls() {
        RpcClient closed = new RpcClient(SECRET);
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.call(PEER, "echo", new byte[0], DEADLINE));
    }
}
