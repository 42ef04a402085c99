package org.observer.storage;

import java.util.concurrent.Executor;

/**
 * When the active segment is sealed and how hard chunks are compressed.
 *
 * @param sealBytes     seal once the active segment holds this many bytes (framed records)
 * @param sealDocuments seal once the active segment holds this many documents
 * @param zstdLevel     zstd level for chunk data blocks and dictionaries (3 ~ 400 MB/s per core, 7 ~ 80 MB/s
 *                      and 12% smaller on logs; 19 is much smaller and too slow for sealing)
 * @param compressor    lends threads to compress a chunk's blocks in parallel while sealing (null: the
 *                      sealing thread does it alone); a seal never waits for it to have a free thread
 */
public record StoreSettings(long sealBytes, int sealDocuments, int zstdLevel, Executor compressor) {

    public StoreSettings(long sealBytes, int sealDocuments, int zstdLevel) {
        this(sealBytes, sealDocuments, zstdLevel, null);
    }

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
        return new StoreSettings(32L << 20, 200_000, 7, null);
    }

    public StoreSettings withCompressor(Executor executor) {
        return new StoreSettings(sealBytes, sealDocuments, zstdLevel, executor);
    }
}
