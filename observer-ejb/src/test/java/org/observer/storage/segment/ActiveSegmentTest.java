package org.observer.storage.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.observer.storage.StorageFormat;
import org.observer.storage.LogSequence;
import org.observer.analysis.FieldTypes;
import org.observer.analysis.FieldValue;
import org.observer.query.Plan;
import org.observer.query.QueryParser;
import org.observer.query.QueryPlanner;
import org.observer.storage.Aggregation;
import org.observer.storage.LogRecord;
import org.observer.storage.io.ByteSink;
import org.observer.storage.search.Candidate;
import org.observer.storage.search.HitOrder;
import org.observer.storage.search.PlanMatcher;
import org.observer.storage.search.PreparedQuery;
import org.observer.storage.search.TermKeys;

/**
 * The segment being written: what is appended is searchable at once, newest first in hit order
 * whether or not it arrived in time order, and replayed from its file after a crash.
 */
class ActiveSegmentTest {

    @TempDir
    Path dir;

    private static LogRecord record(int partition, long offset, long timestamp, String message) {
        String json = "{\"message\":\"" + message + "\"}";
        return new LogRecord(partition, offset, timestamp, json.getBytes(StandardCharsets.UTF_8),
                List.of(new FieldValue("message", message)));
    }

    private static void append(ActiveSegment segment, LogRecord record) throws Exception {
        ByteSink payload = new ByteSink(256);
        RecordCodec.encode(record, payload);
        segment.append(record, payload);
    }

    private static PreparedQuery query(String text, Aggregation aggregation) {
        Plan plan = new QueryPlanner(FieldTypes.DEFAULT).plan(QueryParser.parse(text));
        return new PreparedQuery(plan, TermKeys.clausesOf(plan), new PlanMatcher.Analysis(FieldTypes.DEFAULT, null),
                aggregation);
    }

    /** The offsets of the newest {@code size} matches, newest first, and the total. */
    private static List<Long> newest(ActiveSegment segment, String query, long from, long to, int size, long[] total)
            throws Exception {
        List<Candidate> out = new ArrayList<>();
        total[0] = segment.collect(query(query, null), from, to, size, out);
        List<Long> offsets = new ArrayList<>();
        for (Candidate candidate : out) {
            segment.fetch(candidate);
        }
        out.sort(HitOrder.NEWEST_FIRST);
        for (Candidate candidate : out) {
            offsets.add(LogSequence.offset(candidate.sequence));
        }
        return offsets;
    }

    @Test
    void appendedRecordsAreSearchableAtOnceNewestFirst() throws Exception {
        ActiveSegment segment = ActiveSegment.empty(dir, FieldTypes.DEFAULT);
        for (int i = 0; i < 200; i++) {
            append(segment, record(0, i, 10_000 + i, (i % 4 == 0 ? "disk full on node" : "request served by node") + " " + i));
        }
        long[] total = new long[1];
        assertEquals(List.of(196L, 192L, 188L), newest(segment, "disk", Long.MIN_VALUE, Long.MAX_VALUE, 3, total));
        assertEquals(50, total[0]);
        assertEquals(List.of(96L), newest(segment, "disk", 10_000 + 93, 10_000 + 99, 1, total), "within the time range");
        assertEquals(1, total[0], "of 93..98, only 96 is a multiple of 4");
        assertEquals(List.of(117L), newest(segment, "message:117", Long.MIN_VALUE, Long.MAX_VALUE, 5, total));
        assertEquals(1, total[0]);
        assertEquals(List.of(), newest(segment, "absent", Long.MIN_VALUE, Long.MAX_VALUE, 5, total));
        assertEquals(0, total[0]);
        segment.close();
    }

    @Test
    void recordsArrivingOutOfTimeOrderStillComeBackNewestFirst() throws Exception {
        ActiveSegment segment = ActiveSegment.empty(dir, FieldTypes.DEFAULT);
        // Offsets in arrival order, timestamps shuffled; ties on the timestamp go to the higher offset.
        long[] timestamps = {50, 10, 90, 30, 90, 70, 20, 60};
        for (int i = 0; i < timestamps.length; i++) {
            append(segment, record(i % 2, i, timestamps[i], "event " + i));
        }
        long[] total = new long[1];
        assertEquals(List.of(4L, 2L, 5L), newest(segment, "event", Long.MIN_VALUE, Long.MAX_VALUE, 3, total));
        assertEquals(8, total[0]);
        assertEquals(List.of(7L, 0L, 3L), newest(segment, "event", 25, 65, 10, total), "60, 50, 30");
        assertEquals(3, total[0]);
        segment.close();
    }

    @Test
    void aCrashedSegmentIsReplayedSkippingWhatAChunkAlreadyHolds() throws Exception {
        ActiveSegment segment = ActiveSegment.empty(dir, FieldTypes.DEFAULT);
        for (int i = 0; i < 10; i++) {
            append(segment, record(3, 100 + i, 1000 + i, "event " + i));
        }
        segment.force();
        segment.abandon();

        Map<Integer, Long> applied = new HashMap<>(Map.of(3, LogSequence.of(104, 0))); // 100..104 are sealed already
        ActiveSegment replayed = ActiveSegment.open(dir, applied, FieldTypes.DEFAULT);
        assertEquals(5, replayed.documents());
        assertEquals(LogSequence.of(109, 0), applied.get(3), "raised to the newest replayed record");
        assertEquals(LogSequence.of(105, 0), replayed.sequence(0));
        assertEquals(1009L, replayed.maxTimestamp());
        long[] total = new long[1];
        assertEquals(List.of(109L, 108L), newest(replayed, "event", Long.MIN_VALUE, Long.MAX_VALUE, 2, total));
        assertEquals(5, total[0]);
        byte[][] scratch = {new byte[1]};
        int length = replayed.readSource(0, scratch);
        assertEquals("{\"message\":\"event 5\"}", new String(scratch[0], 0, length, StandardCharsets.UTF_8));
        replayed.close();
    }
}
