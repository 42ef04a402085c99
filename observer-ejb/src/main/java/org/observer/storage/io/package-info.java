/**
 * The bytes under every storage file: growable sinks and cursors with their varint encodings,
 * memory-mapped buffers and CRC32C, the file header, zstd helpers and the parallel block
 * compressor, the shared cache of decompressed blocks, primitive lists and sorts.
 * Knows no format above a header.
 */
package org.observer.storage.io;
