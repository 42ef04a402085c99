package org.observer.web.console;

import org.observer.api.OplogAction;
import org.observer.api.OplogEntry;
import org.observer.api.OplogService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An index's chunks as its oplog tells them: every SEALED chunk and every COMPACTED one, minus the
 * chunks a compaction replaced, since the index was last deleted or rebuilt on that node. The
 * engine offers no chunk listing across the cluster, while the oplog is the cluster's record; a
 * restore copies a snapshot's chunks without sealing, so after one this list may differ from
 * the index's chunk count, which the index page shows beside it.
 */
final class IndexChunks {

    /** One chunk of one node's copy of the index. */
    record Chunk(String node, Integer partition, int number, Long fromOffset, Long toOffset, Long documents,
                 boolean cold, long time) {
    }

    /** The chunk an entry made: "chunk 3" (sealed), "… cold as chunk 7" (compacted). */
    private static final Pattern MADE = Pattern.compile("chunk (\\d+)$");
    /** The chunks a compaction replaced: "chunk 3 rewritten", "chunks 1, 2 merged". */
    private static final Pattern REPLACED = Pattern.compile("^chunks? ([\\d, ]+) (rewritten|merged)");

    private IndexChunks() {
    }

    /** Entries per read: the whole oplog of the index is read in steps of this many. */
    private static final int READ_SIZE = 5000;

    /** The live chunks of {@code index}, from its whole oplog. */
    static List<Chunk> read(OplogService oplog, String index) {
        List<OplogEntry> relevant = new ArrayList<>();
        long from = 0;
        long lastSequence = -1;
        while (true) {
            List<OplogEntry> read = oplog.read(index, from, Long.MAX_VALUE, READ_SIZE);
            boolean progressed = false;
            for (OplogEntry e : read) {
                if (e.sequence() > lastSequence) {
                    progressed = true;
                    lastSequence = e.sequence();
                    if (e.action() != OplogAction.WRITTEN) { // the many writes say nothing of chunks
                        relevant.add(e);
                    }
                }
            }
            if (read.size() < READ_SIZE) {
                return of(relevant);
            }
            // go on from the last entry's time (others may share it; sequences tell them apart),
            // or past it once a read brings nothing new (a whole read within one millisecond)
            long lastTime = read.get(read.size() - 1).time();
            from = progressed ? lastTime : lastTime + 1;
        }
    }

    /** The live chunks from the index's entries (oldest first), by node, partition and number. */
    static List<Chunk> of(List<OplogEntry> entries) {
        Map<String, Chunk> live = new LinkedHashMap<>();
        for (OplogEntry e : entries) {
            switch (e.action()) {
                case DELETED, REBUILT -> live.values().removeIf(c -> c.node().equals(e.node())
                        && (e.partition() == null || Objects.equals(c.partition(), e.partition())));
                case SEALED, COMPACTED -> {
                    if (e.action() == OplogAction.COMPACTED) {
                        for (int replaced : replaced(e.detail())) {
                            live.remove(key(e.node(), e.partition(), replaced));
                        }
                    }
                    Integer number = made(e.detail());
                    if (number != null) {
                        live.put(key(e.node(), e.partition(), number), new Chunk(e.node(), e.partition(), number,
                                e.fromOffset(), e.toOffset(), e.documents(), e.action() == OplogAction.COMPACTED, e.time()));
                    }
                }
                default -> {
                }
            }
        }
        return List.copyOf(live.values());
    }

    private static String key(String node, Integer partition, int number) {
        return node + "/" + partition + "/" + number;
    }

    private static Integer made(String detail) {
        Matcher m = detail == null ? null : MADE.matcher(detail);
        return m != null && m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static List<Integer> replaced(String detail) {
        List<Integer> numbers = new ArrayList<>();
        Matcher m = detail == null ? null : REPLACED.matcher(detail);
        if (m != null && m.find()) {
            for (String n : m.group(1).split(",")) {
                if (!n.isBlank()) {
                    numbers.add(Integer.valueOf(n.trim()));
                }
            }
        }
        return numbers;
    }
}
