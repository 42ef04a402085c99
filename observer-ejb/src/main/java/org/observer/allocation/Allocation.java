package org.observer.allocation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who holds each partition: its owner (the node that indexes it from the group's assignment and
 * answers for it) and its standbys (nodes that index it too, to take over without a replay).
 *
 * @param owners   per partition, its owner's name (null: no node)
 * @param standbys per partition, its standbys' names
 */
public record Allocation(List<String> owners, List<List<String>> standbys) {

    private static final byte VERSION = 1;

    public Allocation {
        owners = Collections.unmodifiableList(new ArrayList<>(owners));
        List<List<String>> copied = new ArrayList<>();
        standbys.forEach(s -> copied.add(List.copyOf(s)));
        standbys = List.copyOf(copied);
        if (owners.size() != standbys.size()) {
            throw new IllegalArgumentException(owners.size() + " owners for " + standbys.size() + " standby lists");
        }
    }

    public int partitions() {
        return owners.size();
    }

    public String owner(int partition) {
        return owners.get(partition);
    }

    /** The partitions {@code node} owns. */
    public Set<Integer> ownedBy(String node) {
        Set<Integer> owned = new TreeSet<>();
        for (int p = 0; p < owners.size(); p++) {
            if (node.equals(owners.get(p))) {
                owned.add(p);
            }
        }
        return owned;
    }

    /** The partitions {@code node} keeps standby copies of. */
    public Set<Integer> standbyOn(String node) {
        Set<Integer> standby = new TreeSet<>();
        for (int p = 0; p < standbys.size(); p++) {
            if (standbys.get(p).contains(node)) {
                standby.add(p);
            }
        }
        return standby;
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(owners.size());
            for (int p = 0; p < owners.size(); p++) {
                out.writeUTF(owners.get(p) == null ? "" : owners.get(p));
                out.writeInt(standbys.get(p).size());
                for (String standby : standbys.get(p)) {
                    out.writeUTF(standby);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not an allocation of this version */
    public static Allocation decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("allocation version " + version + ", expected " + VERSION);
            }
            int count = in.readInt();
            List<String> owners = new ArrayList<>();
            List<List<String>> standbys = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                String owner = in.readUTF();
                owners.add(owner.isEmpty() ? null : owner);
                int n = in.readInt();
                List<String> copies = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    copies.add(in.readUTF());
                }
                standbys.add(copies);
            }
            return new Allocation(owners, standbys);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed allocation", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < owners.size(); p++) {
            sb.append(p == 0 ? "" : ", ").append(p).append('=').append(owners.get(p));
            if (!standbys.get(p).isEmpty()) {
                sb.append(standbys.get(p));
            }
        }
        return sb.toString();
    }
}
