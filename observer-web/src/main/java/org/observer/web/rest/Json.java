package org.observer.web.rest;

import org.observer.api.BulkItemResult;
import org.observer.api.BulkResult;
import org.observer.api.ClusterInfo;
import org.observer.api.IndexInfo;
import org.observer.api.IngestReceipt;
import org.observer.api.NodeInfo;
import org.observer.api.OplogEntry;
import org.observer.api.RetentionService.Retention;
import org.observer.config.RetentionRules;
import org.observer.api.SnapshotInfo;
import org.observer.api.SearchHit;
import org.observer.api.SearchResult;

import java.util.List;
import java.util.Map;

/**
 * Writes the API's JSON answers. Written by hand so that a hit's source, already valid JSON, is
 * embedded exactly as it was ingested (field order and number forms kept) without a parse.
 */
public final class Json {

    private Json() {
    }

    public static String receipt(IngestReceipt r) {
        StringBuilder out = new StringBuilder(96);
        appendReceipt(out, r);
        return out.toString();
    }

    /**
     * The answer to a bulk, as UTF-8: one item per line, thousands per request, so written straight
     * into bytes (a StringBuilder, then a String, then its encoding cost a fifth of a bulk's time).
     */
    public static byte[] bulk(BulkResult result) {
        JsonBytes out = new JsonBytes(64 + result.items().size() * 64);
        out.ascii("{\"took_ms\":").number(result.tookMs())
                .ascii(result.errors() ? ",\"errors\":true" : ",\"errors\":false")
                .ascii(",\"accepted\":").number(result.accepted())
                .ascii(",\"rejected\":").number(result.rejected())
                .ascii(",\"items\":[");
        List<BulkItemResult> items = result.items();
        for (int i = 0; i < items.size(); i++) {
            BulkItemResult item = items.get(i);
            out.ascii(i > 0 ? ",{\"line\":" : "{\"line\":").number(item.line()).ascii(",\"status\":").number(item.status());
            if (item.isAccepted()) {
                IngestReceipt r = item.receipt();
                out.ascii(",\"id\":\"").ascii(r.id()) // digits and '-': nothing to escape
                        .ascii("\",\"partition\":").number(r.partition()).ascii(",\"offset\":").number(r.offset());
            } else {
                out.ascii(",\"error\":").string(item.error());
            }
            out.ascii("}");
        }
        return out.ascii("]}").toByteArray();
    }


    public static String search(SearchResult result) {
        StringBuilder out = new StringBuilder(64 + result.hits().size() * 256);
        out.append("{\"took_ms\":").append(result.tookMs())
                .append(",\"total\":").append(result.total());
        SearchResult.Partitions partitions = result.partitions();
        if (partitions != null) {
            out.append(",\"partitions\":{\"total\":").append(partitions.total())
                    .append(",\"answered\":").append(partitions.answered()).append('}');
            if (result.partial()) {
                out.append(",\"partial\":true,\"missing\":").append(partitions.missing().toString().replace(" ", ""));
            }
        }
        out.append(",\"hits\":[");
        List<SearchHit> hits = result.hits();
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"index\":");
            quote(out, hit.index());
            out.append(",\"id\":");
            quote(out, hit.id());
            out.append(",\"timestamp\":");
            quote(out, java.time.Instant.ofEpochMilli(hit.timestamp()).toString());
            out.append(",\"source\":").append(hit.source());
            if (!hit.highlight().isEmpty()) {
                out.append(",\"highlight\":{");
                boolean firstField = true;
                for (Map.Entry<String, List<SearchHit.Highlight>> e : hit.highlight().entrySet()) {
                    if (!firstField) {
                        out.append(',');
                    }
                    firstField = false;
                    quote(out, e.getKey());
                    out.append(":[");
                    for (int s = 0; s < e.getValue().size(); s++) {
                        SearchHit.Highlight h = e.getValue().get(s);
                        out.append(s > 0 ? "," : "").append("{\"value\":").append(h.value())
                                .append(",\"start\":").append(h.start()).append(",\"end\":").append(h.end()).append('}');
                    }
                    out.append(']');
                }
                out.append('}');
            }
            out.append('}');
        }
        out.append(']');
        out.append(",\"next\":");
        if (result.next() == null) {
            out.append("null");
        } else {
            quote(out, result.next());
        }
        if (result.histogram() != null || !result.terms().isEmpty()) {
            out.append(",\"aggregations\":{");
            boolean first = true;
            if (result.histogram() != null) {
                SearchResult.Histogram h = result.histogram();
                out.append("\"histogram\":{\"interval_ms\":").append(h.intervalMs()).append(",\"buckets\":[");
                for (int b = 0; b < h.counts().size(); b++) {
                    out.append(b > 0 ? "," : "").append("{\"start\":");
                    quote(out, java.time.Instant.ofEpochMilli(h.start() + b * h.intervalMs()).toString());
                    out.append(",\"count\":").append(h.counts().get(b)).append('}');
                }
                out.append("]}");
                first = false;
            }
            if (!result.terms().isEmpty()) {
                out.append(first ? "" : ",").append("\"terms\":{");
                boolean firstField = true;
                for (Map.Entry<String, List<SearchResult.TermCount>> e : result.terms().entrySet()) {
                    out.append(firstField ? "" : ",");
                    firstField = false;
                    quote(out, e.getKey());
                    out.append(":[");
                    for (int t = 0; t < e.getValue().size(); t++) {
                        SearchResult.TermCount count = e.getValue().get(t);
                        out.append(t > 0 ? "," : "").append("{\"term\":");
                        quote(out, count.term());
                        out.append(",\"count\":").append(count.count()).append('}');
                    }
                    out.append(']');
                }
                out.append('}');
            }
            out.append('}');
        }
        return out.append('}').toString();
    }

    /** {@code retention}: how long each index keeps its logs (shown as {@code "retention":"30d"}, null for ever). */
    public static String indexes(List<IndexInfo> infos, Retention retention) {
        StringBuilder out = new StringBuilder("{\"indexes\":[");
        for (int i = 0; i < infos.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendIndex(out, infos.get(i), retention);
        }
        return out.append("]}").toString();
    }

    public static String index(IndexInfo info, Retention retention) {
        StringBuilder out = new StringBuilder();
        appendIndex(out, info, retention);
        return out.toString();
    }

    public static String oplog(List<OplogEntry> entries) {
        StringBuilder out = new StringBuilder(32 + entries.size() * 160).append("{\"entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            OplogEntry e = entries.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"sequence\":").append(e.sequence())
                    .append(",\"time\":");
            quote(out, java.time.Instant.ofEpochMilli(e.time()).toString());
            out.append(",\"node\":");
            quote(out, e.node());
            out.append(",\"action\":");
            quote(out, e.action().name().toLowerCase());
            out.append(",\"index\":");
            quote(out, e.index());
            if (e.partition() != null) {
                out.append(",\"partition\":").append(e.partition());
            }
            if (e.fromOffset() != null) {
                out.append(",\"from_offset\":").append(e.fromOffset());
            }
            if (e.toOffset() != null) {
                out.append(",\"to_offset\":").append(e.toOffset());
            }
            if (e.documents() != null) {
                out.append(",\"documents\":").append(e.documents());
            }
            if (e.detail() != null) {
                out.append(",\"detail\":");
                quote(out, e.detail());
            }
            out.append('}');
        }
        return out.append("]}").toString();
    }

    public static String snapshot(SnapshotInfo s) {
        StringBuilder out = new StringBuilder(160);
        appendSnapshot(out, s);
        return out.toString();
    }

    public static String snapshots(List<SnapshotInfo> snapshots) {
        StringBuilder out = new StringBuilder("{\"snapshots\":[");
        for (int i = 0; i < snapshots.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendSnapshot(out, snapshots.get(i));
        }
        return out.append("]}").toString();
    }

    private static void appendSnapshot(StringBuilder out, SnapshotInfo s) {
        out.append("{\"index\":");
        quote(out, s.index());
        out.append(",\"snapshot\":");
        quote(out, s.snapshot());
        out.append(",\"time\":");
        quote(out, java.time.Instant.ofEpochMilli(s.time()).toString());
        out.append(",\"documents\":").append(s.documents())
                .append(",\"chunks\":").append(s.chunks())
                .append(",\"disk_bytes\":").append(s.diskBytes())
                .append(",\"offsets\":{");
        boolean first = true;
        for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(s.offsets()).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        out.append("}}");
    }

    public static String cluster(ClusterInfo cluster) {
        StringBuilder out = new StringBuilder(64 + cluster.nodes().size() * 400 + cluster.partitions().size() * 48);
        out.append("{\"nodes\":[");
        for (int i = 0; i < cluster.nodes().size(); i++) {
            NodeInfo n = cluster.nodes().get(i);
            out.append(i > 0 ? "," : "").append("{\"name\":");
            quote(out, n.name());
            out.append(",\"url\":");
            quote(out, n.url());
            out.append(",\"rpc\":");
            quote(out, n.rpc());
            out.append(",\"state\":\"").append(n.state()).append('"')
                    .append(",\"version\":");
            quote(out, n.version());
            out.append(",\"started\":");
            time(out, n.started());
            out.append(",\"last_seen\":");
            time(out, n.lastSeen());
            out.append(",\"partitions\":[");
            for (int p = 0; p < n.partitions().size(); p++) {
                out.append(p > 0 ? "," : "").append(n.partitions().get(p));
            }
            out.append("],\"heap_used_bytes\":").append(n.heapUsedBytes())
                    .append(",\"heap_max_bytes\":").append(n.heapMaxBytes())
                    .append(",\"disk_bytes\":").append(n.diskBytes())
                    .append(",\"disk_free_bytes\":").append(n.diskFreeBytes())
                    .append(",\"open_indexes\":").append(n.openIndexes())
                    .append(",\"ingest_rate\":").append(Double.isFinite(n.ingestRate()) ? n.ingestRate() : -1)
                    .append(",\"lag\":").append(n.lag())
                    .append(",\"replicas\":[");
            for (int r = 0; r < n.replicas().size(); r++) {
                out.append(r > 0 ? "," : "").append(n.replicas().get(r));
            }
            out.append("],\"handing_over\":[");
            for (int r = 0; r < n.handingOver().size(); r++) {
                out.append(r > 0 ? "," : "").append(n.handingOver().get(r));
            }
            out.append("],\"memory_budget_bytes\":").append(n.memoryBudgetBytes())
                    .append(",\"memory_used_bytes\":").append(n.memoryUsedBytes()).append('}');
        }
        out.append("],\"partitions\":[");
        for (int i = 0; i < cluster.partitions().size(); i++) {
            ClusterInfo.PartitionOwner p = cluster.partitions().get(i);
            out.append(i > 0 ? "," : "").append("{\"partition\":").append(p.partition()).append(",\"owner\":");
            if (p.owner() == null) {
                out.append("null");
            } else {
                quote(out, p.owner());
            }
            out.append(",\"lag\":").append(p.lag()).append(",\"replicas\":[");
            for (int r = 0; r < p.replicas().size(); r++) {
                out.append(r > 0 ? "," : "");
                quote(out, p.replicas().get(r));
            }
            out.append("]}");
        }
        return out.append("]}").toString();
    }

    public static String error(int status, String type, String reason) {
        StringBuilder out = new StringBuilder(64 + reason.length());
        out.append("{\"status\":").append(status).append(",\"error\":{\"type\":");
        quote(out, type);
        out.append(",\"reason\":");
        quote(out, reason);
        return out.append("}}").toString();
    }

    /**
     * An error in Elasticsearch's shape, for its API's paths (under {@value #ES_PATH} once routed):
     * {@code {"error":{"root_cause":[{"type","reason"}],"type","reason"},"status"}}.
     */
    public static String esError(int status, String type, String reason) {
        StringBuilder cause = new StringBuilder(32 + reason.length()).append("{\"type\":");
        quote(cause, type);
        cause.append(",\"reason\":");
        quote(cause, reason);
        cause.append('}');
        return "{\"error\":{\"root_cause\":[" + cause + "]," + cause.substring(1, cause.length() - 1) + "},\"status\":"
                + status + "}";
    }

    /** Where the Elasticsearch-compatible API's resource lives (its root paths are routed there). */
    public static final String ES_PATH = "/api/es/";

    /** The error in the shape of the API that {@code path} (from the context root) belongs to. */
    public static String errorFor(String path, int status, String type, String reason) {
        return path != null && path.startsWith(ES_PATH) ? esError(status, type, reason) : error(status, type, reason);
    }

    private static void appendReceipt(StringBuilder out, IngestReceipt r) {
        out.append("{\"index\":");
        quote(out, r.index());
        out.append(",\"id\":");
        quote(out, r.id());
        out.append(",\"partition\":").append(r.partition()).append(",\"offset\":").append(r.offset()).append('}');
    }

    private static void appendIndex(StringBuilder out, IndexInfo info, Retention retention) {
        out.append("{\"name\":");
        quote(out, info.name());
        out.append(",\"state\":\"").append(info.state()).append('"')
                .append(",\"documents\":").append(info.documents())
                .append(",\"chunks\":").append(info.chunks())
                .append(",\"disk_bytes\":").append(info.diskBytes())
                .append(",\"min_timestamp\":");
        time(out, info.minTimestamp());
        out.append(",\"max_timestamp\":");
        time(out, info.maxTimestamp());
        out.append(",\"retention\":");
        java.util.Optional<java.time.Duration> keep = retention.of(info.name());
        if (keep.isPresent()) {
            quote(out, RetentionRules.format(keep.get()));
        } else {
            out.append("null");
        }
        if (info.problem() != null) {
            out.append(",\"problem\":");
            quote(out, info.problem());
        }
        out.append('}');
    }

    private static void time(StringBuilder out, Long millis) {
        if (millis == null) {
            out.append("null");
        } else {
            quote(out, java.time.Instant.ofEpochMilli(millis).toString());
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    public static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        quote(out, s);
        return out.toString();
    }

    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
