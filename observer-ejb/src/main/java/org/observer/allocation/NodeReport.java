package org.observer.allocation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a node tells the allocator when it joins: the copies of partitions it holds (how far each
 * is applied, how many bytes its stores take on disk and in memory), the roles it had in the last
 * allocation, and its heap.
 *
 * @param node       the node's name
 * @param heapUsed   heap bytes in use
 * @param applied    partition → the next offset this node's copy would read (its checkpoint)
 * @param bytes      partition → bytes of this node's stores of it
 * @param memory     partition → bytes its OPEN stores of it hold in memory (heap of active segments, files mapped)
 * @param owned      partitions this node owned in the last allocation it received
 * @param standby    partitions this node kept standby copies of in that allocation
 */
public record NodeReport(String node, long heapUsed, Map<Integer, Long> applied, Map<Integer, Long> bytes,
                         Map<Integer, Long> memory, Set<Integer> owned, Set<Integer> standby) {

    /** 2 added {@code memory}; a report of version 1 (a node not upgraded yet) is read with none. */
    private static final byte VERSION = 2;

    public NodeReport {
        applied = Map.copyOf(applied);
        bytes = Map.copyOf(bytes);
        memory = Map.copyOf(memory);
        owned = Set.copyOf(owned);
        standby = Set.copyOf(standby);
    }

    /** A node that holds nothing and had no role (a fresh one, or one whose report could not be read). */
    public static NodeReport empty(String node) {
        return new NodeReport(node, 0, Map.of(), Map.of(), Map.of(), Set.of(), Set.of());
    }

    /** How far this node's copy of {@code partition} is applied; -1 if it has none. */
    public long appliedOf(int partition) {
        return applied.getOrDefault(partition, -1L);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytesOut = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytesOut)) {
            out.writeByte(VERSION);
            out.writeUTF(node);
            out.writeLong(heapUsed);
            writeLongs(out, applied);
            writeLongs(out, bytes);
            writeLongs(out, memory);
            writeInts(out, owned);
            writeInts(out, standby);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytesOut.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a report of this version */
    public static NodeReport decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("node report version " + version + ", expected 1 to " + VERSION);
            }
            String node = in.readUTF();
            long heap = in.readLong();
            Map<Integer, Long> applied = readLongs(in);
            Map<Integer, Long> bytes = readLongs(in);
            Map<Integer, Long> memory = version >= 2 ? readLongs(in) : Map.of();
            return new NodeReport(node, heap, applied, bytes, memory, readInts(in), readInts(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed node report", e);
        }
    }

    private static void writeLongs(DataOutputStream out, Map<Integer, Long> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<Integer, Long> e : new TreeMap<>(values).entrySet()) {
            out.writeInt(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static Map<Integer, Long> readLongs(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<Integer, Long> values = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            values.put(in.readInt(), in.readLong());
        }
        return values;
    }

    private static void writeInts(DataOutputStream out, Set<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int value : new TreeSet<>(values)) {
            out.writeInt(value);
        }
    }

    private static Set<Integer> readInts(DataInputStream in) throws IOException {
        int count = in.readInt();
        Set<Integer> values = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            values.add(in.readInt());
        }
        return values;
    }
}
