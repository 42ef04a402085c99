package org.observer.api;

import java.util.Locale;

/** What a role allows on the indexes it names. */
public enum Privilege {
    /** Search the indexes and see them (their figures, mappings and oplog entries). */
    READ,
    /** Ingest logs into them. */
    WRITE,
    /** Close, open, compact, snapshot, restore and delete them. */
    MANAGE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The privilege named {@code label} ({@code read}, {@code write}, {@code manage}), or null. */
    public static Privilege of(String label) {
        for (Privilege p : values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        return null;
    }
}
