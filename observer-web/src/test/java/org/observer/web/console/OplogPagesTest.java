package org.observer.web.console;

import org.junit.jupiter.api.Test;
import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;
import org.observer.api.OplogService;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OplogPagesTest {

    private static final long NOW = 1_800_000_000_000L;

    /** Like the archive: oldest first, from <= time < to, at most size. */
    private static OplogService archive(List<OplogEntry> entries, int[] reads) {
        return (index, from, to, size) -> {
            reads[0]++;
            List<OplogEntry> out = new ArrayList<>();
            for (OplogEntry e : entries) {
                if (e.time() >= from && e.time() < to && (index == null || index.equals(e.index())) && out.size() < size) {
                    out.add(e);
                }
            }
            return out;
        };
    }

    private static OplogEntry entry(long sequence, long time, String index, OplogAction action) {
        return new OplogEntry(sequence, time, "node-1", action, index, 0, null, null, null, null);
    }

    @Test
    void pagesComeNewestFirstAcrossDenseAndSparseTimes() {
        List<OplogEntry> entries = new ArrayList<>();
        long seq = 0;
        // a burst denser than one read (2,500 entries within a second), then sparse ones over days
        for (long t : LongStream.range(0, 2500).map(i -> NOW - 10 * 86_400_000L + i / 3).toArray()) {
            entries.add(entry(seq++, t, "a", OplogAction.WRITTEN));
        }
        for (int day = 9; day >= 0; day--) {
            entries.add(entry(seq++, NOW - day * 86_400_000L, "a", OplogAction.SEALED));
        }
        int[] reads = {0};
        OplogPages pages = new OplogPages(archive(entries, reads), null, null, 0, NOW + 1);

        List<OplogEntry> all = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            List<OplogEntry> page = pages.page(offset, 100);
            all.addAll(page);
            if (page.size() < 100) {
                break;
            }
        }
        assertEquals(entries.size(), all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).sequence() > all.get(i).sequence(), "newest first, each once, at " + i);
        }
    }

    @Test
    void onlyWhatThePageNeedsIsRead() {
        List<OplogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            entries.add(entry(i, NOW - 5000 + i, "a", OplogAction.WRITTEN));
        }
        int[] reads = {0};
        List<OplogEntry> first = new OplogPages(archive(entries, reads), null, null, 0, NOW).page(0, 50);
        assertEquals(4999, first.get(0).sequence());
        assertEquals(50, first.size());
        assertTrue(reads[0] < 20, "reads: " + reads[0]);
    }

    @Test
    void filtersByIndexAndAction() {
        List<OplogEntry> entries = List.of(entry(1, NOW - 30, "a", OplogAction.CREATED), entry(2, NOW - 20, "b", OplogAction.CREATED),
                entry(3, NOW - 10, "a", OplogAction.DELETED), entry(4, NOW - 5, "a", OplogAction.WRITTEN));
        int[] reads = {0};
        List<OplogEntry> page = new OplogPages(archive(entries, reads), "a", OplogAction.DELETED, 0, NOW).page(0, 10);
        assertEquals(List.of(3L), page.stream().map(OplogEntry::sequence).toList());
        List<OplogEntry> ofA = new OplogPages(archive(entries, reads), "a", null, 0, NOW).page(0, 10);
        assertEquals(List.of(4L, 3L, 1L), ofA.stream().map(OplogEntry::sequence).toList());
        assertEquals(List.of(), new OplogPages(archive(entries, reads), "a", null, 0, NOW).page(10, 10));
    }
}
