package org.observer.storage;

/**
 * When the active segment is sealed and how hard chunks are compressed.
 *
 * @param sealBytes     seal once the active segment holds this many bytes (framed records)
 * @param sealDocuments seal once the active segment holds this many documents
 * @param zstdLevel     zstd level for chunk data blocks (3 ~ 400 MB/s per core; 19 is ~30% smaller and slow)
 */
public record StoreSettings(long sealBytes, int sealDocuments, int zstdLevel) {

    public StoreSettings {
        if (sealBytes <= 0 || sealBytes > StorageFormat.MAX_SEGMENT_BYTES / 2) {
            throw new IllegalArgumentException("sealBytes must be in 1.." + StorageFormat.MAX_SEGMENT_BYTES / 2 + ": " + sealBytes);
        }
        if (sealDocuments <= 0) {
            throw new IllegalArgumentException("sealDocuments must be positive: " + sealDocuments);
        }
        if (zstdLevel < -7 || zstdLevel > 22) {
            throw new IllegalArgumentException("zstdLevel must be in -7..22: " + zstdLevel);
        }
    }

    public static StoreSettings defaults() {
        return new StoreSettings(32L << 20, 200_000, 3);
    }
}
