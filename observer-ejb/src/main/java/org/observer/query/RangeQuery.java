package org.observer.query;

import java.util.Objects;

/**
 * A range of values of one field: {@code field:[a TO b]}, {@code field:{a TO b}}, mixed brackets
 * ({@code [a TO b}}), or a comparison {@code field:>a}, {@code >=a}, {@code <b}, {@code <=b}.
 * Bounds are raw text; the storage layer decides how to compare them.
 *
 * @param field        exact field name; never {@code null}
 * @param lower        the lower bound; {@code null} means unbounded ({@code *})
 * @param includeLower whether {@code lower} itself is in the range; always {@code false} when unbounded
 * @param upper        the upper bound; {@code null} means unbounded ({@code *})
 * @param includeUpper whether {@code upper} itself is in the range; always {@code false} when unbounded
 */
public record RangeQuery(String field, String lower, boolean includeLower, String upper, boolean includeUpper)
        implements Query {
    public RangeQuery {
        Objects.requireNonNull(field, "field");
        includeLower = includeLower && lower != null;
        includeUpper = includeUpper && upper != null;
    }
}
