/**
 * The bytes under every storage file: growable sinks and cursors over the one varint encoding
 * ({@code VarInts}), memory-mapped buffers and CRC32C, the file header, what a decoding failure of
 * checksummed bytes means ({@code Decoding}), zstd helpers and the parallel block compressor, the
 * shared cache of decompressed blocks, primitive lists and sorts.
 * Knows no format above a header.
 */
package org.observer.storage.io;
