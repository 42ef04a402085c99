/**
 * Starts The Observer from one command: the embedded single-node KRaft broker in its own JVM
 * (unless {@code OBSERVER_KAFKA_BOOTSTRAP} names a cluster) and one or more Payara Micro nodes with
 * the application, each from its own copy of the runtime, and stops them all, leaving no process
 * behind. Tests use the same classes to run the same broker.
 */
package org.observer.launcher;
