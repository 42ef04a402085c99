package org.observer.web.es;

import org.observer.web.rest.JsonBytes;

/**
 * Writes a JSON object into bytes, keeping only what a {@link FilterPath} keeps, as it writes:
 * a bulk answer of thousands of items is neither built as a tree nor read back to be filtered.
 * What the filter leaves empty (an object, an array) is taken back, as {@link FilterPath#apply}
 * drops it. Without a filter everything is written.
 */
final class FilteredJson {

    /** One open object or array. */
    private static final class Level {
        final Level parent;
        /** What the filter keeps here; null when all of it is kept. */
        final FilterPath.Node node;
        /** Nothing below is written. */
        final boolean skipped;
        final boolean array;
        /** Where this level's text starts (its comma included), to take it back when left empty. */
        final int mark;
        int members;

        Level(Level parent, FilterPath.Node node, boolean skipped, boolean array, int mark) {
            this.parent = parent;
            this.node = node;
            this.skipped = skipped;
            this.array = array;
            this.mark = mark;
        }
    }

    private final JsonBytes out;
    private Level level;

    /** @param filter null to write everything */
    FilteredJson(FilterPath filter, int capacity) {
        out = new JsonBytes(capacity);
        level = new Level(null, filter == null ? null : filter.root(), false, false, 0);
        out.ascii('{');
    }

    FilteredJson startObject(String key) {
        return open(key, false);
    }

    /** An object in the current array. */
    FilteredJson startObject() {
        return open(null, false);
    }

    FilteredJson startArray(String key) {
        return open(key, true);
    }

    FilteredJson field(String key, long value) {
        if (name(key)) {
            out.number(value);
        }
        return this;
    }

    FilteredJson field(String key, boolean value) {
        if (name(key)) {
            out.ascii(value ? "true" : "false");
        }
        return this;
    }

    /** A string, or null. */
    FilteredJson field(String key, String value) {
        if (name(key)) {
            if (value == null) {
                out.ascii("null");
            } else {
                out.string(value);
            }
        }
        return this;
    }

    FilteredJson end() {
        Level closed = level;
        if (closed.parent == null) {
            throw new IllegalStateException("the top object is ended by toByteArray");
        }
        level = closed.parent;
        if (closed.skipped) {
            return this;
        }
        if (closed.members == 0 && closed.node != null) {
            out.truncate(closed.mark); // left empty by the filter: dropped
            return this;
        }
        out.ascii(closed.array ? ']' : '}');
        level.members++;
        return this;
    }

    /** The object, ended; {@code {}} if the filter kept nothing. */
    byte[] toByteArray() {
        if (level.parent != null) {
            throw new IllegalStateException("an object or array is still open");
        }
        out.ascii('}');
        return out.toByteArray();
    }

    private FilteredJson open(String key, boolean array) {
        if (level.skipped) {
            level = new Level(level, null, true, array, 0);
            return this;
        }
        FilterPath.Node node = level.node == null ? null : key == null ? level.node : level.node.below(key);
        if (node != null && node.keepsNothing()) {
            level = new Level(level, null, true, array, 0);
            return this;
        }
        int mark = out.size();
        separate();
        if (key != null) {
            out.string(key).ascii(':');
        }
        out.ascii(array ? '[' : '{');
        level = new Level(level, node == null || node.keepsAll() ? null : node, false, array, mark);
        return this;
    }

    /** Writes {@code "key":} if the filter keeps a plain value there. */
    private boolean name(String key) {
        if (level.skipped) {
            return false;
        }
        if (level.node != null && !level.node.below(key).keepsValue()) {
            return false;
        }
        separate();
        out.string(key).ascii(':');
        level.members++;
        return true;
    }

    private void separate() {
        if (level.members > 0) {
            out.ascii(',');
        }
    }
}
