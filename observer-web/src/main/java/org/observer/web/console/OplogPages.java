package org.observer.web.console;

import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;
import org.observer.api.OplogService;

import java.util.ArrayList;
import java.util.List;

/**
 * The oplog newest first, page by page, over {@link OplogService#read}, which gives entries oldest
 * first and at most {@code size}. It walks back in time windows ending where the last one began:
 * a window that comes back full may have been cut, so it is narrowed to its newer half and read
 * again; one that is not full is complete, and the next one looks twice as far back. Entries are
 * loaded only as far as the pages asked for; an action filter applies to what each window read.
 * One instance is one set of filters; it is not thread-safe (one per view, on the UI thread).
 */
final class OplogPages {

    /** Entries per window read: a window holding more is narrowed. */
    static final int READ_SIZE = 1000;
    private static final long FIRST_WINDOW_MS = 60 * 60_000L;

    private final OplogService oplog;
    private final String index;
    private final OplogAction action;
    private final long from;
    private final List<OplogEntry> loaded = new ArrayList<>();
    /** Everything at or after this time is loaded (exclusive end of the next window). */
    private long before;
    private long window = FIRST_WINDOW_MS;

    /**
     * @param index  one index, or null for all
     * @param action one action, or null for all
     * @param from   the oldest time to show, epoch millis (inclusive)
     * @param to     the newest time to show, epoch millis (exclusive)
     */
    OplogPages(OplogService oplog, String index, OplogAction action, long from, long to) {
        this.oplog = oplog;
        this.index = index;
        this.action = action;
        this.from = from;
        this.before = to;
    }

    /** Entries {@code offset} to {@code offset + limit} (fewer at the end), newest first. */
    List<OplogEntry> page(int offset, int limit) {
        while (loaded.size() < offset + limit && before > from) {
            loadWindow();
        }
        int end = Math.min(loaded.size(), offset + limit);
        return offset >= end ? List.of() : List.copyOf(loaded.subList(offset, end));
    }

    private void loadWindow() {
        while (true) {
            long start = Math.max(from, before - window);
            List<OplogEntry> read = oplog.read(index, start, before, READ_SIZE);
            if (read.size() >= READ_SIZE && before - start > 1) {
                window = Math.max(1, (before - start) / 2); // cut off at its newest end: read less
                continue;
            }
            for (int i = read.size() - 1; i >= 0; i--) {
                OplogEntry entry = read.get(i);
                if (action == null || entry.action() == action) {
                    loaded.add(entry);
                }
            }
            before = start;
            // a far-reaching range is mostly empty: widen fast, but never overflow
            window = window > Long.MAX_VALUE / 4 ? window : window * 2;
            return;
        }
    }
}
