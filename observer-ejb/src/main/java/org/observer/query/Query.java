package org.observer.query;

/**
 * A node of the query syntax tree built by {@link QueryParser}. Values are the user's raw text
 * (escapes removed, not analyzed, not lowercased); the storage layer analyzes and evaluates them.
 */
public sealed interface Query
        permits MatchAllQuery, TermQuery, PhraseQuery, PrefixQuery, RangeQuery, ExistsQuery, AndQuery, OrQuery,
        NotQuery {
}
