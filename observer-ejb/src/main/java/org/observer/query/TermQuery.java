package org.observer.query;

import java.util.Objects;

/**
 * Matches documents where analyzing a value of {@code field} yields {@code term}.
 *
 * @param field exact field name (dotted path such as {@code user.name}); {@code null} means any field
 * @param term  an already analyzed (lowercase) token
 */
public record TermQuery(String field, String term) implements Query {
    public TermQuery {
        Objects.requireNonNull(term, "term");
    }
}
