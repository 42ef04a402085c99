package org.observer.query;

/** Matches every document (a blank search). */
public record MatchAllQuery() implements Query {
}
