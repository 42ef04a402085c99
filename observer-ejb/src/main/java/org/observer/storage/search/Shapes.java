package org.observer.storage.search;

import org.observer.storage.StorageFormat;

/**
 * Documents grouped by shape (see {@link StorageFormat}): every document has exactly one shape,
 * and a term without digits is indexed by the shapes that hold it rather than by document. A
 * chunk or the active segment exposes its shapes through this view to {@link DocMatcher}.
 */
public interface Shapes {

    /** Shape ids are 0..count()-1. */
    int count();

    /** The shape of document {@code ordinal}. */
    int shapeOf(int ordinal);

    /** How many documents with ordinals in [lo, hi) have {@code shape}. */
    int countIn(int shape, int lo, int hi);

    /** Sets the bit of every document of {@code shape} with an ordinal in [lo, hi). */
    void mark(int shape, long[] bits, int lo, int hi);

    /**
     * True if {@code term} holds a digit. Such terms (ids, numbers, times) vary from line to line
     * of one kind, so they are indexed per document and never make part of a shape.
     */
    static boolean hasDigit(String term) {
        return org.observer.query.Plan.hasDigit(term);
    }
}
