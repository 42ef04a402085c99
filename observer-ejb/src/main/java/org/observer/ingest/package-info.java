/**
 * Ingest: validating logs and publishing them to Kafka ({@code observer.ingest}, keyed by index),
 * and the processors that consume them and write them to the indexes, committing offsets only once
 * the data is durable.
 */
package org.observer.ingest;
