/**
 * Ingest: validating logs and publishing them to Kafka ({@code observer.ingest}, keyed by index),
 * and the processors that consume them and write them to the indexes, committing offsets only once
 * the data is durable; a log published again under the same message id (a JMS redelivery) is
 * stored once ({@link org.observer.ingest.MessageIdWindow}).
 */
package org.observer.ingest;
