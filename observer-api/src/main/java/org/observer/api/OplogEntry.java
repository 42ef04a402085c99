package org.observer.api;

/**
 * One action of a node, as archived from the {@code observer.oplog} topic.
 *
 * @param sequence   the entry's offset in the oplog topic (its place in the archive)
 * @param time       when the action happened, epoch millis
 * @param node       the node that did it
 * @param partition  the ingest partition concerned, or null
 * @param fromOffset first ingest offset concerned (WRITTEN, SEALED, SNAPSHOT, REBUILT), or null
 * @param toOffset   last ingest offset concerned, or null
 * @param documents  documents concerned, or null
 * @param detail     free text, e.g. the chunk number or the damage found, or null
 */
public record OplogEntry(long sequence, long time, String node, OplogAction action, String index,
                         Integer partition, Long fromOffset, Long toOffset, Long documents, String detail) {
}
