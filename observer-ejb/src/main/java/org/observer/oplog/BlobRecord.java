package org.observer.oplog;

import java.util.Objects;

/**
 * One archived oplog record: the oplog topic offset (a strictly increasing sequence), its time
 * (epoch ms) and its bytes. The payload array is not copied: do not change it once handed over.
 */
public record BlobRecord(long sequence, long time, byte[] payload) {
    public BlobRecord {
        Objects.requireNonNull(payload, "payload");
    }
}
