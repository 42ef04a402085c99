package org.observer.query;

import java.util.List;

/** Matches documents that match every clause; no clauses matches everything. */
public record AndQuery(List<Query> clauses) implements Query {
    public AndQuery {
        clauses = List.copyOf(clauses);
    }
}
