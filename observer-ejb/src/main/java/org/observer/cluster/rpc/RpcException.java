package org.observer.cluster.rpc;

import java.util.Objects;

/**
 * An RPC that did not return a response: the peer's handler failed (its {@link RpcFailure}'s kind
 * and message), or the call never completed (deadline, unreachable peer, wrong secret, cancelled).
 */
public class RpcException extends Exception {

    private final RpcErrorKind kind;
    private final String peer;
    private final String method;

    public RpcException(RpcErrorKind kind, String message, String peer, String method, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.peer = peer;
        this.method = method;
    }

    public RpcErrorKind kind() {
        return kind;
    }

    /** The peer called, {@code host:port}. */
    public String peer() {
        return peer;
    }

    /** The method called. */
    public String method() {
        return method;
    }

    @Override
    public String toString() {
        return "RpcException[" + kind + " from " + peer + " " + method + "]: " + getMessage();
    }
}
