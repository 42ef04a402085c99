/**
 * A chunk's dictionary: terms to postings (shapes and document lists, with the gap each term
 * fills in its documents), written and read in zstd blocks, and the per-block filters of a
 * chunk's rare numbers (hot and cold) with, for hot chunks, the short prefixes of those numbers
 * and the documents holding them ({@code FilteredPrefixes}). Builds on {@code io} and the root's format constants and errors only.
 */
package org.observer.storage.dictionary;
