/**
 * The active segment: the memory-mapped write-ahead file of record payloads ({@code SegmentLog}),
 * the in-memory keyword map (keys, shapes, stem memo) built while writing ({@code ActiveSegment}),
 * and its search ({@code SegmentSearch}). Sealing turns it into a chunk ({@code chunk.ChunkWriter});
 * this package does not know chunks.
 */
package org.observer.storage.segment;
