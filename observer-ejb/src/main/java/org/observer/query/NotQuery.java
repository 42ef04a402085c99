package org.observer.query;

import java.util.Objects;

/** Matches documents that do not match {@code clause}. */
public record NotQuery(Query clause) implements Query {
    public NotQuery {
        Objects.requireNonNull(clause, "clause");
    }
}
