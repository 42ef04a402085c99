/**
 * The operations log: every action of the node recorded to the {@code observer.oplog} topic
 * ({@link org.observer.oplog.Oplog}) and archived from it ({@link org.observer.oplog.OplogArchiver})
 * into an append-only, checksummed, zstd-compressed log of day files,
 * {@link org.observer.oplog.BlobLog}, which documents every byte and needs no container.
 */
package org.observer.oplog;
