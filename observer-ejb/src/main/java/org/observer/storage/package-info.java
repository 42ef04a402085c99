/**
 * The on-disk index of one log index directory: an append-only active segment (memory-mapped
 * write-ahead file plus an in-memory keyword map) sealed into immutable, checksummed,
 * memory-mapped chunks. {@link org.observer.storage.IndexStore} is the entry point;
 * {@link org.observer.storage.StorageFormat} documents every byte. Pure Java, no container.
 */
package org.observer.storage;
