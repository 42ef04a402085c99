package org.observer.storage;

import java.util.concurrent.Executor;

import org.observer.analysis.FieldExtractor;
import org.observer.analysis.FieldTypes;

/**
 * When the active segment is sealed and how hard chunks are compressed.
 *
 * @param sealBytes     seal once the active segment holds this many bytes (framed records)
 * @param sealDocuments seal once the active segment holds this many documents
 * @param zstdLevel     zstd level for chunk data blocks and dictionaries (3 ~ 400 MB/s per core, 7 ~ 80 MB/s
 *                      and 12% smaller on logs; 19 is much smaller and too slow for sealing)
 * @param compressor    lends threads to compress a chunk's blocks in parallel while sealing (null: the
 *                      sealing thread does it alone); a seal never waits for it to have a free thread
 * @param fieldTypes    which values are analyzed as text and which are indexed whole
 * @param fields        reads indexed fields back from a stored source, to verify phrases; null: a
 *                      phrase that needs verifying fails with {@link IllegalStateException}
 * @param hotBlockFilters whether sealing already puts the rarest digit-first ids of text fields in
 *                      block filters (needs {@code fields}): 1-15 bytes per line smaller hot; a
 *                      digit-first prefix reads back only the records its first characters list
 *                      ({@link org.observer.storage.dictionary.FilteredPrefixes}), but a unique id
 *                      is confirmed on its record (0.7 against 0.3 ms for the benchmark's needle,
 *                      Lucene 0.5): off by default (compaction does it in any case)
 */
public record StoreSettings(long sealBytes, int sealDocuments, int zstdLevel, Executor compressor,
                            FieldTypes fieldTypes, FieldExtractor fields, boolean hotBlockFilters) {

    public StoreSettings(long sealBytes, int sealDocuments, int zstdLevel) {
        this(sealBytes, sealDocuments, zstdLevel, null, FieldTypes.DEFAULT, null, false);
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
        java.util.Objects.requireNonNull(fieldTypes, "fieldTypes");
    }

    public static StoreSettings defaults() {
        return new StoreSettings(32L << 20, 200_000, 7);
    }

    public StoreSettings withCompressor(Executor executor) {
        return new StoreSettings(sealBytes, sealDocuments, zstdLevel, executor, fieldTypes, fields, hotBlockFilters);
    }

    public StoreSettings withFields(FieldTypes types, FieldExtractor extractor) {
        return new StoreSettings(sealBytes, sealDocuments, zstdLevel, compressor, types, extractor, hotBlockFilters);
    }

    public StoreSettings withHotBlockFilters(boolean on) {
        return new StoreSettings(sealBytes, sealDocuments, zstdLevel, compressor, fieldTypes, fields, on);
    }
}
