package org.observer.query;

/** A search condition on documents; evaluated by the storage layer. */
public sealed interface Query permits TermQuery, AndQuery, MatchAllQuery {
}
