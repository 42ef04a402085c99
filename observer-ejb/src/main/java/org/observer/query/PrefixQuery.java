package org.observer.query;

import java.util.Objects;

/**
 * A word with a trailing wildcard: {@code fail*} is the prefix {@code fail}.
 *
 * @param field  exact field name; {@code null} means any field
 * @param prefix the raw text before the {@code *} (not lowercased); never empty
 */
public record PrefixQuery(String field, String prefix) implements Query {
    public PrefixQuery {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("empty prefix");
        }
    }
}
