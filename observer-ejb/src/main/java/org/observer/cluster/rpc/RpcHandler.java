package org.observer.cluster.rpc;

/**
 * Answers one RPC method: request bytes in, response bytes out. Runs on one of the server's handler
 * threads; a long handler checks {@link RpcServer#cancelled()} and stops early once the caller has
 * gone (cancelled, deadline passed). Throw {@link RpcFailure} for a failure the caller should see
 * with its kind; any other exception reaches the caller as {@link RpcErrorKind#INTERNAL}.
 */
@FunctionalInterface
public interface RpcHandler {

    /** @return the response; {@code null} is sent as an empty response */
    byte[] handle(byte[] request) throws Exception;
}
