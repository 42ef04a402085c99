/**
 * The binary RPC between nodes: gRPC over its shaded Netty, with {@code byte[]} messages (no
 * protobuf, no generated stubs; the callers choose their own encoding). One service,
 * {@code observer.Node}, whose unary methods are named by the handlers a node registers.
 * {@link org.observer.cluster.rpc.RpcServer} answers them on a port of its own,
 * {@link org.observer.cluster.rpc.RpcClient} calls them over one persistent channel per peer.
 * Every call carries the cluster secret; a handler's {@link org.observer.cluster.rpc.RpcFailure}
 * reaches the caller as an {@link org.observer.cluster.rpc.RpcException} of the same
 * {@link org.observer.cluster.rpc.RpcErrorKind}. Plain Java: it runs and is tested without a container.
 */
package org.observer.cluster.rpc;
