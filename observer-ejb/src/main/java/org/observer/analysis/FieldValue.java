package org.observer.analysis;

import java.util.Objects;

/**
 * One flattened JSON field: {@code "user.name" -> "alice"}. Arrays give several values with the
 * same name; numbers and booleans carry their JSON text.
 */
public record FieldValue(String name, String value) {
    public FieldValue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
