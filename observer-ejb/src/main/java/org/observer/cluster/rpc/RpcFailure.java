package org.observer.cluster.rpc;

import java.util.Objects;

/**
 * Thrown by an {@link RpcHandler} to answer with a failure of a given kind; the caller gets an
 * {@link RpcException} with the same kind and message.
 */
public class RpcFailure extends Exception {

    private final RpcErrorKind kind;

    public RpcFailure(RpcErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public RpcFailure(RpcErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public RpcErrorKind kind() {
        return kind;
    }
}
