package org.observer.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The sorted keyword dictionary of a chunk ({@code .dict}, format version 2), read from the
 * mapping: one entry per term, holding that term's postings in every field it occurs in, so an
 * any-field lookup is one entry. Binary search over the restart terms, then a short front-coded
 * scan. Thread-safe (absolute reads only). See {@link StorageFormat} for the bytes.
 */
final class ChunkDictionary {

    private final ByteBuffer buffer;
    private final String[] fieldNames;
    private final Map<String, Integer> fieldIds;
    private final int terms;
    private final int interval;
    private final int restarts;
    private final int table;

    /** Where one (term, field)'s ordinals are: {@code docFreq == 1} holds the ordinal itself. */
    static final class Refs {
        int count;
        int[] fields = new int[4];
        int[] docFreqs = new int[4];
        /** For docFreq 1 the ordinal, else the absolute position of the gap-encoded list in .post. */
        long[] values = new long[4];
        long cost;

        void add(int field, int docFreq, long value) {
            if (count == docFreqs.length) {
                fields = Arrays.copyOf(fields, count * 2);
                docFreqs = Arrays.copyOf(docFreqs, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            fields[count] = field;
            docFreqs[count] = docFreq;
            values[count] = value;
            cost += docFreq;
            count++;
        }
    }

    ChunkDictionary(Path file, ByteBuffer buffer) throws CorruptIndexException {
        try {
            ByteCursor in = new ByteCursor(buffer, 0);
            Headers.check(file, in, StorageFormat.DICT_MAGIC);
            this.buffer = buffer;
            int fieldCount = in.readInt();
            if (fieldCount < 0 || fieldCount > buffer.capacity()) {
                throw new CorruptIndexException(file, "inconsistent field count " + fieldCount);
            }
            fieldNames = new String[fieldCount];
            fieldIds = new HashMap<>(fieldCount * 2);
            for (int i = 0; i < fieldCount; i++) {
                fieldNames[i] = new String(in.readLengthPrefixed(), StandardCharsets.UTF_8);
                fieldIds.put(fieldNames[i], i);
            }
            this.terms = in.readInt();
            this.interval = in.readInt();
            this.restarts = in.readInt();
            this.table = in.position;
            if (terms < 0 || interval <= 0 || restarts != (terms + interval - 1) / interval
                    || (long) table + RESTART_ENTRY_BYTES * (long) restarts > buffer.capacity()) {
                throw new CorruptIndexException(file, "inconsistent dictionary header");
            }
        } catch (RuntimeException e) {
            throw new CorruptIndexException(file, "malformed dictionary header", e);
        }
    }

    private static final int RESTART_ENTRY_BYTES = 12;

    /** The chunk's id of {@code field}, or -1 if no document of the chunk has it. */
    int fieldId(String field) {
        Integer id = fieldIds.get(field);
        return id == null ? -1 : id;
    }

    /** Builds a {@code .dict}: call {@link #term} in ascending term order, then {@link #finish}. */
    static final class Writer {
        private final int interval = StorageFormat.DICT_RESTART_INTERVAL;
        private final String[] fieldNames;
        private final ByteSink entries;
        private final IntList restartEntries = new IntList(64);
        private final LongList restartPostings = new LongList();
        private byte[] previous = new byte[64];
        private int previousLength;
        private int count;
        private int pendingFields;

        Writer(String[] sortedFieldNames, int expectedTerms) {
            this.fieldNames = sortedFieldNames;
            this.entries = new ByteSink(Math.max(1024, expectedTerms * 12));
        }

        /**
         * Starts the entry of a term (UTF-8 in {@code term[0..length)}, greater than the previous
         * one) that has postings in {@code fields} fields; {@code postingsPosition} is where its
         * first non-inline list starts in .post.
         */
        void term(byte[] term, int length, int fields, long postingsPosition) {
            if (pendingFields != 0) {
                throw new IllegalStateException("previous term has " + pendingFields + " fields left");
            }
            int shared = 0;
            if (count % interval == 0) {
                restartEntries.add(entries.size());
                restartPostings.add(postingsPosition);
            } else {
                int max = Math.min(previousLength, length);
                while (shared < max && previous[shared] == term[shared]) {
                    shared++;
                }
            }
            entries.writeVInt(shared);
            entries.writeVInt(length - shared);
            entries.writeBytes(term, shared, length - shared);
            if (previous.length < length) {
                previous = new byte[Math.max(length, previous.length * 2)];
            }
            System.arraycopy(term, 0, previous, 0, length);
            previousLength = length;
            pendingFields = fields;
            count++;
        }

        /** A field with one document: the ordinal is stored inline, nothing in .post. */
        void single(int field, int ordinal) {
            fieldHeader(field);
            entries.writeVInt(1);
            entries.writeVInt(ordinal);
        }

        /** A field with {@code docFreq > 1} documents, whose list takes {@code postingsBytes} in .post. */
        void list(int field, int docFreq, int postingsBytes) {
            fieldHeader(field);
            entries.writeVInt(docFreq);
            entries.writeVInt(postingsBytes);
        }

        private void fieldHeader(int field) {
            if (pendingFields <= 0) {
                throw new IllegalStateException("more fields than announced");
            }
            pendingFields--;
            entries.writeVInt(field << 1 | (pendingFields > 0 ? 1 : 0));
        }

        ByteSink finish() {
            int restarts = restartEntries.size();
            ByteSink out = new ByteSink(64 + fieldNames.length * 16 + restarts * RESTART_ENTRY_BYTES + entries.size());
            Headers.write(out, StorageFormat.DICT_MAGIC);
            out.writeInt(fieldNames.length);
            for (String name : fieldNames) {
                out.writeLengthPrefixed(name.getBytes(StandardCharsets.UTF_8));
            }
            out.writeInt(count);
            out.writeInt(interval);
            out.writeInt(restarts);
            int base = out.size() + restarts * RESTART_ENTRY_BYTES;
            for (int r = 0; r < restarts; r++) {
                out.writeInt(base + restartEntries.get(r));
                out.writeLong(restartPostings.get(r));
            }
            out.writeBytes(entries.array(), 0, entries.size());
            return out;
        }
    }

    /**
     * Finds {@code term}; on success adds to {@code refs} its postings in field {@code field}, or
     * in every field when {@code field < 0}, and returns true (refs may stay empty if the term
     * is not in that field).
     */
    boolean lookup(byte[] term, int field, Refs refs) {
        int lo = 0;
        int hi = restarts - 1;
        int restart = -1; // last restart whose term is <= term
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compareRestartTerm(mid, term) <= 0) {
                restart = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (restart < 0) {
            return false;
        }
        int entry = table + RESTART_ENTRY_BYTES * restart;
        ByteCursor in = new ByteCursor(buffer, buffer.getInt(entry));
        long postings = buffer.getLong(entry + 4);
        byte[] current = new byte[Math.max(64, term.length)];
        int entries = Math.min(interval, terms - restart * interval);
        for (int e = 0; e < entries; e++) {
            int shared = in.readVInt();
            int suffix = in.readVInt();
            if (shared + suffix > current.length) {
                current = Arrays.copyOf(current, shared + suffix);
            }
            buffer.get(in.position, current, shared, suffix);
            in.skip(suffix);
            int c = Arrays.compareUnsigned(current, 0, shared + suffix, term, 0, term.length);
            if (c > 0) {
                return false;
            }
            boolean more = true;
            while (more) {
                int header = in.readVInt();
                more = (header & 1) != 0;
                int id = header >>> 1;
                int docFreq = in.readVInt();
                long value;
                if (docFreq == 1) {
                    value = in.readVInt();
                } else {
                    value = postings;
                    postings += in.readVInt();
                }
                if (c == 0 && (field < 0 || field == id)) {
                    refs.add(id, docFreq, value);
                }
            }
            if (c == 0) {
                return true;
            }
        }
        return false;
    }

    private int compareRestartTerm(int restart, byte[] term) {
        ByteCursor in = new ByteCursor(buffer, buffer.getInt(table + RESTART_ENTRY_BYTES * restart));
        in.readVInt(); // shared prefix: 0 at a restart
        int length = in.readVInt();
        int start = in.position;
        int common = Math.min(length, term.length);
        for (int i = 0; i < common; i++) {
            int c = Integer.compare(buffer.get(start + i) & 0xFF, term[i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(length, term.length);
    }
}
