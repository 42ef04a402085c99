package org.observer.query;

/** Matches every document: a blank search, or a lone {@code *}. */
public record MatchAllQuery() implements Query {
}
