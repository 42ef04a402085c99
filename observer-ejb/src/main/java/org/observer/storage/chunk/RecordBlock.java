package org.observer.storage.chunk;

import java.nio.ByteBuffer;

import org.observer.storage.LogSequence;
import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteCursor;
import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Bytes;
import org.observer.storage.io.VarInts;
import org.observer.storage.search.Candidate;

/**
 * The raw (uncompressed) form of one data block: its records split into three sections so that
 * zstd sees like next to like (see {@link StorageFormat}). Each source loses its timestamp text
 * ({@link TimestampText}) and then the contents of its long JSON string values: those go to the
 * values section, and the rest, the skeleton, is nearly the same from one line to the next, so
 * it costs almost nothing compressed. From version 9 on compaction keeps a moved value as a
 * template (its words with a digit replaced by a mark) and the words themselves in a variables
 * section, grouped by their place in their template: a line's numbers and ids then sit next to
 * the same slot's values of other lines, and its template repeats ({@link Templates}).
 */
public final class RecordBlock {

    /** String values at least this long move to the values section; shorter ones stay in the skeleton. */
    static final int MIN_VALUE_BYTES = 16;
    /** Ends a value, and a split record's skeleton: NUL cannot occur in JSON text. */
    private static final byte END = 0;
    /** Marks a moved value in a skeleton: U+0001 cannot occur raw in JSON text either. */
    private static final byte HOLE = 1;
    /** Marks a variable in a value's template (version 9 on): U+0002 cannot occur raw in JSON text. */
    private static final byte VARIABLE = 2;

    private RecordBlock() {
    }

    /**
     * Builds one block; reusable after {@link #finish}. With {@code templates} off (hot chunks)
     * moved values are written whole, as templates without marks: reading a record back then
     * costs what it did before templates (a read of a hot block hashing its templates made
     * rare-word fetches and phrase checks several times slower); compaction turns them on.
     */
    static final class Writer {
        private final boolean templates;
        private final ByteSink heads = new ByteSink(1 << 12);
        private final ByteSink skeletons = new ByteSink(1 << 16);
        private final ByteSink values = new ByteSink(1 << 16);
        private final Templates.Writer variables = new Templates.Writer();
        private final TimestampText.Finder timestamps = new TimestampText.Finder();
        private int count;
        /** Bytes of the moved values (each with its end), as text. */
        private int movedBytes;
        private long previousOffset;
        private int previousLine;

        /** @param templates whether moved values become templates and variables (else whole) */
        Writer(boolean templates) {
            this.templates = templates;
        }

        void add(int partition, long sequence, long timestamp, byte[] source, int length) {
            heads.writeVInt(partition);
            long offset = LogSequence.offset(sequence);
            int line = LogSequence.line(sequence);
            long delta = count == 0 ? offset : offset - previousOffset;
            // The line is implied when it is the previous one's next (a group) or 0 (a new record).
            boolean explicit = line != Sequences.impliedLine(count, delta, previousLine);
            heads.writeZLong(delta << 1 | (explicit ? 1 : 0));
            if (explicit) {
                heads.writeVInt(line);
            }
            previousOffset = offset;
            previousLine = line;
            count++;
            int cut = timestamps.find(source, length, timestamp);
            int at = cut == 0 ? length : (cut - 1) >>> 1;
            int resume = cut == 0 ? length : at + (((cut - 1) & 1) == TimestampText.MILLIS ? 24 : 20);
            boolean split = canSplit(source, length);
            heads.writeVInt(cut << 1 | (split ? 1 : 0));
            if (split) {
                splitInto(source, at, resume, length);
                skeletons.writeByte(END);
            } else {
                skeletons.writeVInt(length - (resume - at));
                skeletons.writeBytes(source, 0, at);
                skeletons.writeBytes(source, resume, length - resume);
            }
        }

        /**
         * True once the block holds enough to compress well. Skeletons are left out of the count
         * unless they are most of it: they compress to almost nothing, and counting them would cut
         * blocks with less text in them. Moved values count as their text, not as their templates
         * and variables, whose marks and ends would cut blocks of many numbers short (NGINX status
         * documents were 4% bigger in templated 64 KB blocks).
         */
        boolean full(int rawBytes) {
            return heads.size() + movedBytes >= rawBytes || skeletons.size() >= rawBytes;
        }

        int count() {
            return count;
        }

        /** Writes the block's raw form to {@code out} and resets. */
        void finish(ByteSink out) {
            out.writeVInt(count);
            out.writeVInt(heads.size());
            out.writeVInt(skeletons.size());
            out.writeVInt(values.size());
            out.writeBytes(heads.array(), 0, heads.size());
            out.writeBytes(skeletons.array(), 0, skeletons.size());
            out.writeBytes(values.array(), 0, values.size());
            variables.finish(out);
            movedBytes = 0;
            heads.reset();
            skeletons.reset();
            values.reset();
            count = 0;
        }

        /** Copies {@code source} without [at, resume) to the skeleton, moving long string values out. */
        private void splitInto(byte[] source, int at, int resume, int length) {
            int copied = 0; // source bytes before this are in the skeleton (or cut)
            int i = 0;
            while (i < length) {
                if (source[i] != '"') {
                    i++;
                    continue;
                }
                int start = i + 1;
                int end = start;
                while (source[end] != '"') {
                    end += source[end] == '\\' ? 2 : 1;
                }
                i = end + 1;
                // Only values move (a key is followed by ':'), and never the one holding the cut.
                if (end - start < MIN_VALUE_BYTES || (at >= start && at <= end) || isKey(source, i, length)) {
                    continue;
                }
                copySkipping(source, copied, start, at, resume);
                skeletons.writeByte(HOLE);
                if (templates) {
                    variables.template(source, start, end, values);
                } else {
                    values.writeBytes(source, start, end - start);
                }
                values.writeByte(END);
                movedBytes += end - start + 1;
                copied = end;
            }
            copySkipping(source, copied, length, at, resume);
        }

        /** Copies source[from, to) to the skeleton, leaving out the cut [at, resume). */
        private void copySkipping(byte[] source, int from, int to, int at, int resume) {
            if (at >= to || resume <= from) {
                skeletons.writeBytes(source, from, to - from);
                return;
            }
            skeletons.writeBytes(source, from, Math.max(0, at - from));
            if (resume < to) {
                skeletons.writeBytes(source, resume, to - resume);
            }
        }
    }

    private static boolean isKey(byte[] source, int i, int length) {
        while (i < length && (source[i] == ' ' || source[i] == '\t' || source[i] == '\n' || source[i] == '\r')) {
            i++;
        }
        return i < length && source[i] == ':';
    }

    /** True if every string in the source is closed and no byte 0x00-0x02 occurs: then marks are unambiguous. */
    private static boolean canSplit(byte[] source, int length) {
        boolean inString = false;
        for (int i = 0; i < length; i++) {
            byte b = source[i];
            if (b == END || b == HOLE || b == VARIABLE) {
                return false;
            }
            if (inString) {
                if (b == '\\') {
                    if (i + 1 >= length || source[i + 1] == END || source[i + 1] == HOLE || source[i + 1] == VARIABLE) {
                        return false;
                    }
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            }
        }
        return !inString;
    }

    /**
     * A decompressed block. Its heads are read at once; records are located as far as fetches
     * need (a hit near the start of a block does not scan the rest). Shared through the block
     * cache, so locating is synchronized.
     */
    static final class View {
        private final byte[] raw;
        private final int[] partitions;
        private final long[] sequences;
        private final int[] flags;
        private final int[] skeletonAt;
        private final int[] valuesAt;
        /** Version 9 on: each record's first variable mark (its index among the block's marks). */
        private final int[] firstMarks;
        /** Where the variables section starts (version 9 on), else -1. */
        private final int variablesStart;
        private final int templatesStart;
        /** The variables by mark, decoded once a record is read (version 9 on). */
        private Templates.Variables variables;
        /** Records 0..located-1 have their positions; the cursors point at record {@code located}. */
        private int located;
        private int skeleton;
        private int values;
        private int marks;

        /** @param version the data file's format version: the heads' layout */
        View(byte[] raw, int version) {
            this.raw = raw;
            ByteCursor in = new ByteCursor(ByteBuffer.wrap(raw), 0);
            int count = in.readVInt();
            int headsLength = in.readVInt();
            int skeletonsLength = in.readVInt();
            boolean templated = version >= StorageFormat.TEMPLATES_VERSION;
            int templatesLength = templated ? in.readVInt() : -1;
            if (count < 0 || count > raw.length) {
                throw new IllegalStateException("record count " + count);
            }
            partitions = new int[count];
            sequences = new long[count];
            flags = new int[count];
            skeletonAt = new int[count];
            valuesAt = new int[count];
            firstMarks = templated ? new int[count] : null;
            skeleton = in.position + headsLength;
            values = skeleton + skeletonsLength;
            templatesStart = values;
            variablesStart = templated ? values + templatesLength : -1;
            if (templated && (templatesLength < 0 || variablesStart > raw.length)) {
                throw new IllegalStateException("templates length " + templatesLength);
            }
            Sequences heads = new Sequences(version);
            for (int r = 0; r < count; r++) {
                partitions[r] = in.readVInt();
                sequences[r] = heads.next(in, r);
                flags[r] = in.readVInt();
            }
        }

        int count() {
            return partitions.length;
        }

        /**
         * False only if no record of the block can hold the lowercase ASCII {@code quick} ignoring
         * ASCII case: its bytes are nowhere in the raw block and no {@code \\u} escape could spell
         * them. Records are stored as their JSON text split into skeleton and values, so a word
         * of a value is there byte for byte, except where it overlaps the cut timestamp text
         * ({@link TimestampText}): the caller rules that out. From version 9 on a value's words
         * with digits are apart from the rest of it (and numbers may be deltas), so each run of
         * word bytes of {@code quick} is looked for on its own, in the raw block or among the
         * decoded variables.
         */
        boolean mayHold(byte[] quick) {
            return variablesStart < 0 ? RecordBlock.mayHold(raw, quick, false) : mayHoldTemplated(raw, variables().text(), quick);
        }

        int partition(int index) {
            return partitions[index];
        }

        long sequence(int index) {
            return sequences[index];
        }

        long heapBytes() {
            return raw.length + (firstMarks != null ? 28L : 24L) * partitions.length
                    + (variables != null ? variables.heapBytes() : 0) + 64;
        }

        /** Record {@code index}'s source; {@code timestamp} (from the timestamp column) restores its text. */
        byte[] source(int index, long timestamp) {
            locate(index);
            byte[] source = (flags[index] & 1) != 0
                    ? join(raw, skeletonAt[index], valuesAt[index], variables, firstMarks != null ? firstMarks[index] : 0)
                    : whole(raw, skeletonAt[index]);
            return restoreTimestamp(source, flags[index] >>> 1, timestamp);
        }

        private synchronized Templates.Variables variables() {
            if (variablesStart >= 0 && variables == null) {
                variables = Templates.variablesOf(raw, templatesStart, variablesStart);
            }
            return variables;
        }

        private synchronized void locate(int index) {
            variables();
            int[] at = {skeleton, values, marks};
            while (located <= index) {
                int r = located;
                skeletonAt[r] = at[0];
                valuesAt[r] = at[1];
                if (firstMarks != null) {
                    firstMarks[r] = at[2];
                }
                skipRecord(raw, flags[r], at, firstMarks != null);
                located++;
            }
            skeleton = at[0];
            values = at[1];
            marks = at[2];
        }
    }

    /**
     * Reads the records' {@link LogSequence}s from the heads. From {@link StorageFormat#LINES_VERSION} on a
     * head holds zlong(offset delta &lt;&lt; 1 | explicit) and, when explicit, vint line; otherwise the
     * line is the previous one's next when the offset repeats (a record's group of logs), else 0.
     * Older heads hold the offset delta alone: every line is 0.
     */
    private static final class Sequences {
        private final boolean lines;
        private long offset;
        private int line;

        Sequences(int version) {
            this.lines = version >= StorageFormat.LINES_VERSION;
        }

        static int impliedLine(int record, long delta, int previousLine) {
            return record > 0 && delta == 0 ? previousLine + 1 : 0;
        }

        long next(ByteCursor in, int record) {
            if (!lines) {
                offset += in.readZLong();
                return offset << LogSequence.LINE_BITS;
            }
            long head = in.readZLong();
            long delta = head >> 1;
            offset += delta;
            line = (head & 1) != 0 ? in.readVInt() : impliedLine(record, delta, line);
            if (!LogSequence.isValid(offset, line)) {
                throw new IllegalStateException("no log at offset " + offset + ", line " + line);
            }
            return LogSequence.of(offset, line);
        }
    }

    /**
     * False only if {@code bytes} surely lack the lowercase ASCII {@code quick}: not found ignoring
     * ASCII case, and no escape that could spell it ({@code anyEscape}: any backslash, as in a
     * record's source; otherwise only {@code \\u}, as in a raw block).
     */
    static boolean mayHold(byte[] bytes, byte[] quick, boolean anyEscape) {
        int n = quick.length;
        if (n == 0) {
            return true;
        }
        byte head = quick[0];
        for (int i = 0, last = bytes.length - n; i < bytes.length; i++) {
            byte b = bytes[i];
            // After a backslash, 'u' or a variable mark (whose variable may start with 'u').
            if (b == '\\' && (anyEscape || i + 1 < bytes.length && (bytes[i + 1] == 'u' || bytes[i + 1] == VARIABLE))) {
                return true;
            }
            if (i <= last && lower(b) == head) {
                int k = 1;
                while (k < n && lower(bytes[i + k]) == quick[k]) {
                    k++;
                }
                if (k == n) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@link #mayHold} for a raw block of version 9 on: a word of a record is whole either in a
     * template or in the (decoded) {@code variables}, but the bytes around a variable are not next
     * to it, so each run of word bytes of {@code quick} must occur on its own (or all of it, if it
     * has none).
     */
    static boolean mayHoldTemplated(byte[] raw, byte[] variables, byte[] quick) {
        boolean anyWord = false;
        for (int i = 0; i < quick.length; ) {
            if (!Templates.isWordByte(quick[i])) {
                i++;
                continue;
            }
            int end = i;
            while (end < quick.length && Templates.isWordByte(quick[end])) {
                end++;
            }
            anyWord = true;
            byte[] word = java.util.Arrays.copyOfRange(quick, i, end);
            if (!mayHold(raw, word, false) && !mayHold(variables, word, false)) {
                return false;
            }
            i = end;
        }
        return anyWord || mayHold(raw, quick, false);
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b | 0x20) : b;
    }

    /**
     * Moves {@code at} = {skeleton, values, marks} past a record with these flags; marks (the
     * variable marks passed, version 9 on) only when {@code templated}.
     */
    private static void skipRecord(byte[] raw, int flags, int[] at, boolean templated) {
        if ((flags & 1) != 0) {
            // A split record: its skeleton up to END, and one value (ended by END) per hole.
            int end = Bytes.indexOfZero(raw, at[0]);
            int holes = Bytes.countOnes(raw, at[0], end);
            at[0] = end + 1;
            int valuesEnd = Bytes.afterZeros(raw, at[1], holes);
            if (templated) {
                at[2] += Bytes.count(raw, at[1], valuesEnd, VARIABLE);
            }
            at[1] = valuesEnd;
        } else {
            long length = VarInts.read(raw, at[0]);
            at[0] = VarInts.next(length) + VarInts.value(length);
        }
    }

    /**
     * Record {@code index} of a raw block into {@code out} (partition, sequence, source), without
     * building a {@link View}: a lone hit reads the heads and passes the records before it, no more.
     */
    static void readOne(byte[] raw, int version, int index, long timestamp, Candidate out) {
        ByteCursor in = new ByteCursor(ByteBuffer.wrap(raw), 0);
        int count = in.readVInt();
        int headsLength = in.readVInt();
        int skeletonsLength = in.readVInt();
        boolean templated = version >= StorageFormat.TEMPLATES_VERSION;
        int templatesLength = templated ? in.readVInt() : -1;
        if (index < 0 || index >= count) {
            throw new IllegalStateException("record " + index + " of " + count);
        }
        int templates = in.position + headsLength + skeletonsLength;
        int[] at = {in.position + headsLength, templates, 0};
        Sequences heads = new Sequences(version);
        for (int r = 0; ; r++) {
            int partition = in.readVInt();
            long sequence = heads.next(in, r);
            int flags = in.readVInt();
            if (r == index) {
                out.partition = partition;
                out.sequence = sequence;
                Templates.Variables variables = null;
                if (templated && (flags & 1) != 0) {
                    int[] after = at.clone();
                    skipRecord(raw, flags, after, true);
                    variables = Templates.variablesOf(raw, templates, templates + templatesLength, at[2], after[2]);
                }
                byte[] source = (flags & 1) != 0 ? join(raw, at[0], at[1], variables, at[2]) : whole(raw, at[0]);
                out.source = restoreTimestamp(source, flags >>> 1, timestamp);
                return;
            }
            skipRecord(raw, flags, at, templated);
        }
    }

    private static byte[] whole(byte[] raw, int at) {
        ByteCursor skeleton = new ByteCursor(ByteBuffer.wrap(raw), at);
        return skeleton.readBytes(skeleton.readVInt());
    }

    /**
     * A split record from its skeleton and values; {@code variables} (version 9 on, else null) are
     * the block's variables by mark, {@code mark} the record's first mark.
     */
    private static byte[] join(byte[] raw, int skeletonAt, int valuesAt, Templates.Variables variables, int mark) {
        ByteSink out = new ByteSink(256);
        for (int i = skeletonAt; raw[i] != END; i++) {
            if (raw[i] == HOLE) {
                int start = valuesAt;
                while (raw[valuesAt] != END) {
                    if (variables != null && raw[valuesAt] == VARIABLE) {
                        out.writeBytes(raw, start, valuesAt - start);
                        byte[] text = variables.text();
                        int variable = variables.start(mark++);
                        int variableEnd = Bytes.indexOfZero(text, variable);
                        out.writeBytes(text, variable, variableEnd - variable);
                        start = valuesAt + 1;
                    }
                    valuesAt++;
                }
                out.writeBytes(raw, start, valuesAt - start);
                valuesAt++;
            } else {
                out.writeByte(raw[i]);
            }
        }
        return java.util.Arrays.copyOf(out.array(), out.size());
    }

    private static byte[] restoreTimestamp(byte[] source, int cut, long timestamp) {
        if (cut == 0) {
            return source;
        }
        byte[] text = new byte[24];
        int textLength = TimestampText.render(timestamp, (cut - 1) & 1, text);
        int at = (cut - 1) >>> 1;
        if (textLength < 0 || at > source.length) {
            throw new IllegalStateException("bad timestamp cut " + cut);
        }
        byte[] whole = new byte[source.length + textLength];
        System.arraycopy(source, 0, whole, 0, at);
        System.arraycopy(text, 0, whole, at, textLength);
        System.arraycopy(source, at, whole, at + textLength, source.length - at);
        return whole;
    }
}
