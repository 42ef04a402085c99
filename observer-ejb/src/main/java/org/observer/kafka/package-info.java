/**
 * The node's Kafka plumbing, shared by ingest, the oplog, the cluster and security: the clients'
 * settings in one place, the topics created when missing, and the followers that read a topic on a
 * thread of their own.
 */
package org.observer.kafka;
