/**
 * The Jakarta Messaging bridge, on Payara Server: the queue {@code jms/observer/logs} the application
 * defines, a message-driven bean that publishes each log to {@code observer.ingest} as the HTTP API
 * does (the same checks, the same record) and commits the JMS transaction only once Kafka
 * acknowledged, and the dead-letter queue {@code jms/observer/logs.dlq} where messages that can
 * never be stored go with their reason. Payara Micro has no message broker: this module is only in
 * the EAR.
 */
package org.observer.jms;
