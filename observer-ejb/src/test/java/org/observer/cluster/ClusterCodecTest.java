package org.observer.cluster;

import org.junit.jupiter.api.Test;
import org.observer.api.IndexInfo;
import org.observer.api.IndexState;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SnapshotInfo;
import org.observer.search.PartialResult;
import org.observer.search.SearchPlan;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClusterCodecTest {

    @Test
    void aSearchPlanAndItsPartitionsRoundTrip() {
        SearchRequest request = new SearchRequest("auth-*,web", "\"failed password\" -root", 10L, null, 250,
                "MTc1Mjp3ZWI6Mi05OQ", "1h", List.of("source", "host"), 20, true);
        SearchPlan plan = new SearchPlan(request, 3_600_000, 3_600_000, 24);
        byte[] bytes = ClusterCodec.encode(out -> ClusterCodec.writePlan(out, plan, Set.of(1, 4)));
        ClusterCodec.PlanMessage back = ClusterCodec.decode(bytes, ClusterCodec::readPlan);
        assertEquals(plan, back.plan());
        assertEquals(Set.of(1, 4), back.partitions());
    }

    @Test
    void aPartialResultRoundTripsWithItsSourcesByteForByte() {
        SearchHit hit = new SearchHit("web", "3-17", 1_752_000_000_000L, "{\"message\":\"caf\u00e9 \uD83D\uDE00\"}");
        PartialResult result = new PartialResult(42, List.of(hit), new long[]{1, 0, 41},
                Map.of("source", Map.of("nginx", 40L, "sshd", 2L)), Set.of(0, 3), Set.of("web"));
        PartialResult back = ClusterCodec.decode(ClusterCodec.encode(out -> ClusterCodec.writeResult(out, result)),
                ClusterCodec::readResult);
        assertEquals(42, back.total());
        assertEquals(List.of(hit), back.hits());
        assertArrayEquals(new long[]{1, 0, 41}, back.histogram());
        assertEquals(result.terms(), back.terms());
        assertEquals(Set.of(0, 3), back.answered());
        assertEquals(Set.of("web"), back.found());

        PartialResult empty = new PartialResult(0, List.of(), null, Map.of(), Set.of(), Set.of());
        assertNull(ClusterCodec.decode(ClusterCodec.encode(out -> ClusterCodec.writeResult(out, empty)),
                ClusterCodec::readResult).histogram());
    }

    @Test
    void indexFiguresAndSnapshotsRoundTrip() {
        List<IndexInfo> infos = List.of(new IndexInfo("a", IndexState.OPEN, 5, 1, 900, 1L, 9L, null),
                new IndexInfo("b", IndexState.DEGRADED, 0, 0, 0, null, null, "chunk-00001.dict is missing"));
        assertEquals(infos, ClusterCodec.decode(ClusterCodec.encode(out -> ClusterCodec.writeInfos(out, infos)),
                ClusterCodec::readInfos));
        List<SnapshotInfo> snapshots = List.of(new SnapshotInfo("a", "20251126T101500000Z", 7, 5, 1, 900, Map.of(2, 99L)));
        assertEquals(snapshots, ClusterCodec.decode(ClusterCodec.encode(out -> ClusterCodec.writeSnapshots(out, snapshots)),
                ClusterCodec::readSnapshots));
    }

    @Test
    void aMessageOfAnotherVersionOrCutShortIsRefused() {
        byte[] bytes = ClusterCodec.encode(out -> ClusterCodec.writeInfos(out, List.of()));
        bytes[0] = 9;
        byte[] newer = bytes;
        assertThrows(IllegalArgumentException.class, () -> ClusterCodec.decode(newer, ClusterCodec::readInfos));
        byte[] plan = ClusterCodec.encode(out -> ClusterCodec.writePlan(out,
                new SearchPlan(new SearchRequest("a", "x", null, null, 1), 0, 0, 0), Set.of(1)));
        byte[] cut = java.util.Arrays.copyOf(plan, plan.length - 3);
        assertThrows(IllegalArgumentException.class, () -> ClusterCodec.decode(cut, ClusterCodec::readPlan));
    }
}
