/**
 * Sealed chunks: the writer that turns an active segment into immutable files, the reader that
 * checks, searches, aggregates and fetches them, their meta file, record blocks, timestamp
 * column and shapes, and compaction (recompress one chunk, merge small ones).
 */
package org.observer.storage.chunk;
