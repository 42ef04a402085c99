/**
 * Starts a node from one command: the embedded single-node KRaft broker in its own JVM (unless
 * {@code OBSERVER_KAFKA_BOOTSTRAP} names a cluster) and Payara Micro with the application, and stops
 * both, leaving no process behind. Tests use the same classes to run the same broker.
 */
package org.observer.launcher;
