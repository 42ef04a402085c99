package org.observer.analysis;

import java.util.List;

/**
 * Turns a stored source document back into the field values it was indexed with, so a match the
 * index can only narrow down (a phrase) is verified on the record itself. Must give the same
 * values, in the same order, as were indexed.
 */
@FunctionalInterface
public interface FieldExtractor {

    List<FieldValue> fields(byte[] source);
}
