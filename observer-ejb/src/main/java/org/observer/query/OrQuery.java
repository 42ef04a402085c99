package org.observer.query;

import java.util.List;

/** Matches documents that match at least one clause. The parser builds it with at least two clauses. */
public record OrQuery(List<Query> clauses) implements Query {
    public OrQuery {
        clauses = List.copyOf(clauses);
    }
}
