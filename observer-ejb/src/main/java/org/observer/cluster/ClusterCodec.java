package org.observer.cluster;

import org.observer.api.IndexInfo;
import org.observer.api.IndexState;
import org.observer.api.SearchHit;
import org.observer.api.SearchRequest;
import org.observer.api.SnapshotInfo;
import org.observer.search.PartialResult;
import org.observer.search.SearchPlan;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The binary form of what nodes send each other: search plans and their partial results, index
 * figures and snapshots. Every message starts with a version byte; strings are UTF-8 with a length,
 * hit sources travel as their bytes, never as JSON re-encoded.
 */
final class ClusterCodec {

    private static final int VERSION = 2; // 2: a search carries the indexes its caller may read

    private ClusterCodec() {
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(byte[] message, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("cluster message version " + version + ", this node reads " + VERSION);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed cluster message: " + e, e);
        }
    }

    // --- search

    static void writePlan(DataOutputStream out, SearchPlan plan, Set<Integer> partitions) throws IOException {
        SearchRequest r = plan.request();
        writeString(out, r.index());
        writeString(out, r.query());
        writeLong(out, r.from());
        writeLong(out, r.to());
        out.writeInt(r.size());
        writeString(out, r.searchAfter());
        writeString(out, r.histogram());
        out.writeInt(r.termsFields().size());
        for (String field : r.termsFields()) {
            writeString(out, field);
        }
        out.writeInt(r.termsSize());
        out.writeBoolean(r.highlight());
        out.writeInt(r.readable() == null ? -1 : r.readable().size());
        if (r.readable() != null) {
            for (String pattern : r.readable()) {
                writeString(out, pattern);
            }
        }
        out.writeLong(plan.histogramStart());
        out.writeLong(plan.histogramInterval());
        out.writeInt(plan.histogramBuckets());
        writeInts(out, partitions);
    }

    record PlanMessage(SearchPlan plan, Set<Integer> partitions) {
    }

    static PlanMessage readPlan(DataInputStream in) throws IOException {
        String index = readString(in);
        String query = readString(in);
        Long from = readLong(in);
        Long to = readLong(in);
        int size = in.readInt();
        String searchAfter = readString(in);
        String histogram = readString(in);
        int fields = in.readInt();
        List<String> terms = new ArrayList<>(fields);
        for (int i = 0; i < fields; i++) {
            terms.add(readString(in));
        }
        int termsSize = in.readInt();
        boolean highlight = in.readBoolean();
        int patterns = in.readInt();
        List<String> readable = patterns < 0 ? null : new ArrayList<>(patterns);
        for (int i = 0; i < patterns; i++) {
            readable.add(readString(in));
        }
        SearchRequest request = new SearchRequest(index, query, from, to, size, searchAfter, histogram, terms, termsSize,
                highlight, readable);
        SearchPlan plan = new SearchPlan(request, in.readLong(), in.readLong(), in.readInt());
        return new PlanMessage(plan, readInts(in));
    }

    static void writeResult(DataOutputStream out, PartialResult result) throws IOException {
        out.writeLong(result.total());
        out.writeInt(result.hits().size());
        for (SearchHit hit : result.hits()) {
            writeString(out, hit.index());
            writeString(out, hit.id());
            out.writeLong(hit.timestamp());
            byte[] source = hit.source().getBytes(StandardCharsets.UTF_8);
            out.writeInt(source.length);
            out.write(source);
        }
        long[] histogram = result.histogram();
        out.writeInt(histogram == null ? -1 : histogram.length);
        if (histogram != null) {
            for (long count : histogram) {
                out.writeLong(count);
            }
        }
        out.writeInt(result.terms().size());
        for (Map.Entry<String, Map<String, Long>> field : result.terms().entrySet()) {
            writeString(out, field.getKey());
            out.writeInt(field.getValue().size());
            for (Map.Entry<String, Long> term : field.getValue().entrySet()) {
                writeString(out, term.getKey());
                out.writeLong(term.getValue());
            }
        }
        writeInts(out, result.answered());
        out.writeInt(result.found().size());
        for (String name : result.found()) {
            writeString(out, name);
        }
    }

    static PartialResult readResult(DataInputStream in) throws IOException {
        long total = in.readLong();
        int count = in.readInt();
        List<SearchHit> hits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String index = readString(in);
            String id = readString(in);
            long timestamp = in.readLong();
            byte[] source = new byte[in.readInt()];
            in.readFully(source);
            hits.add(new SearchHit(index, id, timestamp, new String(source, StandardCharsets.UTF_8)));
        }
        int buckets = in.readInt();
        long[] histogram = null;
        if (buckets >= 0) {
            histogram = new long[buckets];
            for (int i = 0; i < buckets; i++) {
                histogram[i] = in.readLong();
            }
        }
        int fields = in.readInt();
        Map<String, Map<String, Long>> terms = new LinkedHashMap<>();
        for (int i = 0; i < fields; i++) {
            String field = readString(in);
            int n = in.readInt();
            Map<String, Long> counts = new java.util.HashMap<>(Math.max(16, n * 2));
            for (int j = 0; j < n; j++) {
                counts.put(readString(in), in.readLong());
            }
            terms.put(field, counts);
        }
        Set<Integer> answered = readInts(in);
        int found = in.readInt();
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < found; i++) {
            names.add(readString(in));
        }
        return new PartialResult(total, hits, histogram, terms, answered, names);
    }

    // --- indexes

    static void writeInfos(DataOutputStream out, List<IndexInfo> infos) throws IOException {
        out.writeInt(infos.size());
        for (IndexInfo info : infos) {
            writeString(out, info.name());
            writeString(out, info.state().name());
            out.writeLong(info.documents());
            out.writeInt(info.chunks());
            out.writeLong(info.diskBytes());
            writeLong(out, info.minTimestamp());
            writeLong(out, info.maxTimestamp());
            writeString(out, info.problem());
        }
    }

    static List<IndexInfo> readInfos(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<IndexInfo> infos = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            infos.add(new IndexInfo(readString(in), IndexState.valueOf(readString(in)), in.readLong(), in.readInt(),
                    in.readLong(), readLong(in), readLong(in), readString(in)));
        }
        return infos;
    }

    static void writeSnapshots(DataOutputStream out, List<SnapshotInfo> snapshots) throws IOException {
        out.writeInt(snapshots.size());
        for (SnapshotInfo s : snapshots) {
            writeString(out, s.index());
            writeString(out, s.snapshot());
            out.writeLong(s.time());
            out.writeLong(s.documents());
            out.writeInt(s.chunks());
            out.writeLong(s.diskBytes());
            out.writeInt(s.offsets().size());
            for (Map.Entry<Integer, Long> offset : s.offsets().entrySet()) {
                out.writeInt(offset.getKey());
                out.writeLong(offset.getValue());
            }
        }
    }

    static List<SnapshotInfo> readSnapshots(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<SnapshotInfo> snapshots = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String index = readString(in);
            String snapshot = readString(in);
            long time = in.readLong();
            long documents = in.readLong();
            int chunks = in.readInt();
            long bytes = in.readLong();
            int n = in.readInt();
            Map<Integer, Long> offsets = new TreeMap<>();
            for (int j = 0; j < n; j++) {
                offsets.put(in.readInt(), in.readLong());
            }
            snapshots.add(new SnapshotInfo(index, snapshot, time, documents, chunks, bytes, offsets));
        }
        return snapshots;
    }

    // --- primitives

    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void writeLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    static Long readLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    static void writeInts(DataOutputStream out, Set<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int value : values) {
            out.writeInt(value);
        }
    }

    static Set<Integer> readInts(DataInputStream in) throws IOException {
        int count = in.readInt();
        Set<Integer> values = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            values.add(in.readInt());
        }
        return values;
    }
}
