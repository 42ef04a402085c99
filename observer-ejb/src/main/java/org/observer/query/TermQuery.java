package org.observer.query;

import java.util.Objects;

/**
 * A bare word or an unquoted field value ({@code error}, {@code level:warn}).
 *
 * @param field exact field name (a dotted path such as {@code user.name}); {@code null} means any field
 * @param text  the raw text with backslash escapes removed (not analyzed, not lowercased)
 */
public record TermQuery(String field, String text) implements Query {
    public TermQuery {
        Objects.requireNonNull(text, "text");
    }
}
