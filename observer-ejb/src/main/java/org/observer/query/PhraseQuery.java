package org.observer.query;

import java.util.Objects;

/**
 * A quoted string ({@code "disk full"}, {@code msg:"disk full"}).
 *
 * @param field exact field name; {@code null} means any field
 * @param text  the raw text between the quotes with backslash escapes removed
 */
public record PhraseQuery(String field, String text) implements Query {
    public PhraseQuery {
        Objects.requireNonNull(text, "text");
    }
}
