package org.observer.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who a request is made by, and the roles it holds: a user (by name) or an API key (by its id;
 * {@code name} is then the key's name). With authentication off every request is made by
 * {@link #UNCHECKED}, which may do everything.
 *
 * @param kind {@code user}, {@code api_key}, or {@code none} when authentication is off
 */
public record Caller(String name, String kind, List<Role> roles) {

    public static final Caller UNCHECKED = new Caller("anonymous", "none", List.of(Role.ADMIN_ROLE));
    /** Who no authentication vouched for (not signed in; an internal forward of a refused request): may do nothing. */
    public static final Caller NOBODY = new Caller("unknown", "none", List.of());

    public Caller {
        roles = List.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.stream().anyMatch(Role::isAdmin);
    }

    public boolean may(Privilege privilege, String index) {
        return roles.stream().anyMatch(r -> r.allows(privilege, index));
    }

    /** True if some index pattern is granted {@code privilege}: who may never write need not be shown a form to. */
    public boolean mayAny(Privilege privilege) {
        return roles.stream().anyMatch(r -> r.privileges().contains(privilege) && !r.indexes().isEmpty());
    }

    /**
     * The part of a search's index expression (names and prefixes ending in {@code *}, comma
     * separated) this caller may read, as such an expression: {@code null} when that is all of it,
     * an empty list when nothing. An explicit name it may not read is {@link #forbidden} instead.
     */
    public List<String> readable(String expression) {
        if (isAdmin()) {
            return null;
        }
        Set<String> kept = new LinkedHashSet<>();
        boolean all = true;
        for (String part : expression.split(",")) {
            String asked = part.trim();
            List<String> met = new ArrayList<>();
            for (Role role : roles) {
                if (role.privileges().contains(Privilege.READ)) {
                    for (IndexPattern pattern : role.indexes()) {
                        String both = pattern.intersect(asked);
                        if (both != null) {
                            met.add(both);
                        }
                    }
                }
            }
            all &= met.contains(asked);
            kept.addAll(met.contains(asked) ? List.of(asked) : met);
        }
        return all ? null : List.copyOf(kept);
    }

    /** The first explicit index name (not a prefix) in {@code expression} this caller may not use so, or null. */
    public String forbidden(String expression, Privilege privilege) {
        for (String part : expression.split(",")) {
            String asked = part.trim();
            if (!asked.endsWith("*") && !asked.isEmpty() && !may(privilege, asked)) {
                return asked;
            }
        }
        return null;
    }
}
