package org.observer.cluster.rpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What both ends agree on: the service and method names, the {@code byte[]} marshaller, the
 * headers, the size limit and how failure kinds travel.
 */
final class RpcProtocol {

    static final String SERVICE = "observer.Node";

    /**
     * The largest message either end accepts (gRPC's default is 4 MB). A search answer from one
     * node may carry up to 10,000 hits whose sources are up to 1 MB each, so tens to hundreds of
     * MB are legitimate; beyond 256 MB a caller should page instead.
     */
    static final int MAX_MESSAGE_BYTES = 256 << 20;

    /** The cluster secret, as a binary header so that any secret (not only printable ASCII) fits. */
    static final Metadata.Key<byte[]> SECRET =
            Metadata.Key.of("x-observer-secret-bin", Metadata.BINARY_BYTE_MARSHALLER);

    /**
     * Set by the server on a handler's failure: the {@link RpcErrorKind} by name. It tells a
     * handler's UNAVAILABLE apart from gRPC's own (the peer cannot be reached).
     */
    static final Metadata.Key<String> ERROR_KIND =
            Metadata.Key.of("x-observer-error-kind", Metadata.ASCII_STRING_MARSHALLER);

    /** Long messages are cut: they travel in a header, which peers limit to 8 KB by default. */
    private static final int MAX_DESCRIPTION_CHARS = 1000;

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final Map<String, MethodDescriptor<byte[], byte[]>> METHODS = new ConcurrentHashMap<>();

    private RpcProtocol() {
    }

    /** The unary method {@code observer.Node/<name>}, built once per name. */
    static MethodDescriptor<byte[], byte[]> method(String name) {
        return METHODS.computeIfAbsent(checkName(name), n -> MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, n))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build());
    }

    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("not an RPC method name: " + name);
        }
        return name;
    }

    /** The status a handler's failure is answered with, the kind riding along in a trailer. */
    static StatusRuntimeException failure(RpcErrorKind kind, String message) {
        Metadata trailers = new Metadata();
        trailers.put(ERROR_KIND, kind.name());
        return code(kind).toStatus().withDescription(shorten(message)).asRuntimeException(trailers);
    }

    /** A failed call as the caller sees it: the handler's kind if it sent one, else from the status. */
    static RpcException exception(StatusRuntimeException e, String peer, String method) {
        Status status = e.getStatus();
        RpcErrorKind kind = kindFromTrailers(e.getTrailers());
        if (kind == null) {
            kind = kind(status.getCode());
        }
        String message = status.getDescription() != null ? status.getDescription() : status.getCode().name();
        return new RpcException(kind, message, peer, method, e);
    }

    private static RpcErrorKind kindFromTrailers(Metadata trailers) {
        String name = trailers == null ? null : trailers.get(ERROR_KIND);
        if (name == null) {
            return null;
        }
        try {
            return RpcErrorKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return RpcErrorKind.INTERNAL; // a kind from a newer peer
        }
    }

    static Status.Code code(RpcErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case UNAVAILABLE, UNREACHABLE -> Status.Code.UNAVAILABLE;
            case INTERNAL -> Status.Code.INTERNAL;
            case DEADLINE -> Status.Code.DEADLINE_EXCEEDED;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
            case CANCELLED -> Status.Code.CANCELLED;
        };
    }

    /** A status that no handler chose: it comes from gRPC itself. */
    static RpcErrorKind kind(Status.Code code) {
        return switch (code) {
            case DEADLINE_EXCEEDED -> RpcErrorKind.DEADLINE;
            // gRPC's own UNAVAILABLE: connection refused or broken, peer shutting down
            case UNAVAILABLE -> RpcErrorKind.UNREACHABLE;
            case UNAUTHENTICATED -> RpcErrorKind.UNAUTHENTICATED;
            case CANCELLED -> RpcErrorKind.CANCELLED;
            case INVALID_ARGUMENT -> RpcErrorKind.INVALID_REQUEST;
            case NOT_FOUND -> RpcErrorKind.NOT_FOUND;
            // UNIMPLEMENTED (the peer has no such method), RESOURCE_EXHAUSTED (message too large), ...
            default -> RpcErrorKind.INTERNAL;
        };
    }

    private static String shorten(String message) {
        if (message == null) {
            return null;
        }
        return message.length() <= MAX_DESCRIPTION_CHARS ? message : message.substring(0, MAX_DESCRIPTION_CHARS) + "…";
    }
}
