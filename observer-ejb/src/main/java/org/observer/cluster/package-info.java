/**
 * Many nodes as one system on one Kafka: which partitions of {@code observer.ingest} this node owns
 * (the processors' consumer group decides), the node registry carried by {@code observer.nodes},
 * and the binary RPC through which any node asks the owners of the partitions a request needs.
 */
package org.observer.cluster;
