package org.observer.api;

import java.util.List;
import java.util.Set;

/**
 * A named set of privileges on the indexes its patterns name. The built-in {@code admin} role may
 * do everything, including security and cluster administration; no other role may manage security.
 */
public record Role(String name, List<IndexPattern> indexes, Set<Privilege> privileges) {

    public static final String ADMIN = "admin";
    public static final Role ADMIN_ROLE = new Role(ADMIN, List.of(new IndexPattern("*")), Set.of(Privilege.values()));

    public Role {
        indexes = List.copyOf(indexes);
        privileges = Set.copyOf(privileges);
    }

    public boolean isAdmin() {
        return name.equals(ADMIN);
    }

    public boolean allows(Privilege privilege, String index) {
        return privileges.contains(privilege) && indexes.stream().anyMatch(p -> p.covers(index));
    }
}
