package org.observer.query;

import java.util.List;

/** Matches documents that match every clause. The parser builds it with at least two clauses. */
public record AndQuery(List<Query> clauses) implements Query {
    public AndQuery {
        clauses = List.copyOf(clauses);
    }
}
