/**
 * Who holds which partition of {@code observer.ingest}: the owner and the standby copies of each,
 * decided from what the nodes report. Pure Java (no Kafka, no {@code jakarta.*}): the group's
 * assignor in {@code ingest} runs it on the leader.
 */
package org.observer.allocation;
