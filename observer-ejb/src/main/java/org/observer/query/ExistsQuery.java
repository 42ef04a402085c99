package org.observer.query;

import java.util.Objects;

/** {@code field:*}: documents that have a value for {@code field}. */
public record ExistsQuery(String field) implements Query {
    public ExistsQuery {
        Objects.requireNonNull(field, "field");
    }
}
