/**
 * The on-disk index of one log index directory: an append-only active segment (memory-mapped
 * write-ahead file plus an in-memory keyword map) sealed into immutable, checksummed,
 * memory-mapped chunks. {@link org.observer.storage.IndexStore} is the entry point;
 * {@link org.observer.storage.StorageFormat} documents every byte. Pure Java, no container.
 *
 * <p>This root package is the storage's API: the store, its settings, results, hits, statistics,
 * listener, records, errors (damage: {@code CorruptIndexException}; another release's format:
 * {@code UnsupportedFormatException}) and the durable-file helpers, with the store's own
 * package-private parts (recovery, compaction policy, hit selection). Other packages use only these; the
 * subpackages ({@code io}, {@code dictionary}, {@code search}, {@code segment}, {@code chunk})
 * are its internals, and {@code org.observer.ArchitectureTest} keeps it so.
 */
package org.observer.storage;
