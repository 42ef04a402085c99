package org.observer.cluster.rpc;

/**
 * Why an RPC failed. The first four are what a handler throws ({@link RpcFailure}); the others arise
 * on the way (the caller's deadline, the network, the secret, the caller's own cancel).
 */
public enum RpcErrorKind {
    /** The request was malformed or asked for something impossible. */
    INVALID_REQUEST(400),
    /** The thing asked for (an index, a partition) is not on the peer. */
    NOT_FOUND(404),
    /** The peer cannot answer right now (starting, catching up, shutting down); try again or elsewhere. */
    UNAVAILABLE(503),
    /** The peer failed while answering. */
    INTERNAL(500),
    /** The caller's deadline passed before the answer arrived. */
    DEADLINE(504),
    /** The peer could not be reached or the connection broke during the call. */
    UNREACHABLE(503),
    /** The peer refused the cluster secret: the nodes are configured with different secrets. */
    UNAUTHENTICATED(500),
    /** The caller cancelled the call itself. */
    CANCELLED(503);

    private final int httpStatus;

    RpcErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the REST API answers with when it passes this failure on as it is. */
    public int httpStatus() {
        return httpStatus;
    }
}
