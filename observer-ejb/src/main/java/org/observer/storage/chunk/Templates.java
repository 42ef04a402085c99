package org.observer.storage.chunk;

import java.util.Arrays;

import org.observer.storage.io.ByteSink;
import org.observer.storage.io.Bytes;

/**
 * A moved value as a template and its variables (chunk version 9 on). A variable is a word with a
 * digit in it (a number, an id, an address, a hex string): a run of ASCII letters, digits,
 * {@code .}, {@code _} and {@code -}. The template is the value with each variable replaced by
 * byte 0x02; the variables go to their own section, each ended by 0x00, grouped by slot: the
 * variables whose templates read the same up to them form a group, groups in the order of their
 * first variable, and each group's variables in record order.
 *
 * <p>Why: zstd finds a line's words again in earlier lines, but a line's numbers and ids rarely
 * repeat. Cut out, the template repeats whole, and the variables of one slot (a port, a block id,
 * a duration) sit next to each other, where their shared digits and lengths compress. On the
 * loghub sample, grouping by slot took the cold data from 8.15 to 6.63 bytes per line, and a
 * number written as the difference to its slot's previous one ({@link #DELTA}) to 6.33; the same
 * cut without the grouping (variables in line order) gained nothing, and numbers written as
 * binary varints lost (zstd matches digit strings better than varint bytes).
 *
 * <p>The slot of a variable is a hash of its template's bytes before it; the writer and the
 * reader compute it the same way, so no slot ids are stored. Readers locate every variable of a
 * block at once ({@link #variablesOf}): one pass over the templates and one over the variables.
 */
final class Templates {

    /** Ends a template and a variable. */
    static final byte END = 0;
    /** Stands for a variable in a template. */
    static final byte VARIABLE = 2;
    /**
     * Starts a variable written as the difference to the previous variable of its slot, when both
     * are numbers and the difference is the shorter text: not a word byte, so no word starts so.
     */
    static final byte DELTA = '~';

    private Templates() {
    }

    /** True for the bytes a variable is made of. */
    static boolean isWordByte(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '.' || b == '_' || b == '-';
    }

    private static long step(long hash, byte b) {
        return (hash ^ (b & 0xff)) * 0x100000001b3L;
    }

    /** Collects the variables of one block's templates. Reusable after {@link #finish}. */
    static final class Writer {
        private final ByteSink pending = new ByteSink(1 << 14);
        private final SlotMap slots = new SlotMap();
        private int[] starts = new int[256];
        private int[] slotOf = new int[256];
        private int count;

        /** Writes source[start, end) as a template to {@code templates} (without its END), keeping its variables. */
        void template(byte[] source, int start, int end, ByteSink templates) {
            long hash = 0;
            int i = start;
            while (i < end) {
                byte b = source[i];
                if (!isWordByte(b)) {
                    templates.writeByte(b);
                    hash = step(hash, b);
                    i++;
                    continue;
                }
                int wordEnd = i;
                boolean digit = false;
                while (wordEnd < end && isWordByte(source[wordEnd])) {
                    digit |= source[wordEnd] >= '0' && source[wordEnd] <= '9';
                    wordEnd++;
                }
                if (digit) {
                    add(source, i, wordEnd, slots.slot(hash));
                    templates.writeByte(VARIABLE);
                    hash = step(hash, VARIABLE);
                } else {
                    templates.writeBytes(source, i, wordEnd - i);
                    for (int k = i; k < wordEnd; k++) {
                        hash = step(hash, source[k]);
                    }
                }
                i = wordEnd;
            }
        }

        private void add(byte[] source, int from, int to, int slot) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                slotOf = Arrays.copyOf(slotOf, count * 2);
            }
            starts[count] = pending.size();
            slotOf[count] = slot;
            count++;
            pending.writeBytes(source, from, to - from);
            pending.writeByte(END);
        }

        /** Raw bytes held so far. */
        int size() {
            return pending.size();
        }

        /** Writes the variables section, grouped by slot, and resets. */
        void finish(ByteSink out) {
            int[] next = new int[slots.size() + 1];
            for (int v = 0; v < count; v++) {
                next[slotOf[v] + 1]++;
            }
            for (int s = 1; s < next.length; s++) {
                next[s] += next[s - 1];
            }
            int[] order = new int[count];
            for (int v = 0; v < count; v++) {
                order[next[slotOf[v]]++] = v;
            }
            byte[] bytes = pending.array();
            int previousSlot = -1;
            boolean previousNumber = false;
            long previous = 0;
            for (int v : order) {
                int start = starts[v];
                int end = (v + 1 < count ? starts[v + 1] : pending.size()) - 1; // without its END
                boolean number = isNumber(bytes, start, end);
                long value = number ? parse(bytes, start, end) : 0;
                String delta = number && previousNumber && slotOf[v] == previousSlot ? Long.toString(value - previous) : null;
                if (delta != null && delta.length() < end - start) {
                    out.writeByte(DELTA);
                    for (int i = 0; i < delta.length(); i++) {
                        out.writeByte(delta.charAt(i));
                    }
                    out.writeByte(END);
                } else {
                    out.writeBytes(bytes, start, end + 1 - start);
                }
                previousSlot = slotOf[v];
                previousNumber = number;
                previous = value;
            }
            pending.reset();
            slots.clear();
            count = 0;
        }
    }

    /** A decimal number as a long can hold it and as {@link Long#toString} writes it: no sign, no leading 0. */
    static boolean isNumber(byte[] bytes, int from, int to) {
        if (to <= from || to - from > 18 || bytes[from] == '0' && to - from > 1) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static long parse(byte[] bytes, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    /**
     * Variables of a block, each ended by 0x00: mark {@code first + i}'s starts at {@code starts[i]}.
     */
    record Variables(byte[] text, int[] starts, int first) {
        int start(int mark) {
            return starts[mark - first];
        }

        long heapBytes() {
            return text.length + 4L * starts.length + 32;
        }
    }

    /**
     * The variables of the templates in raw[templates, variables), in the order their marks occur
     * there, numbers written as deltas given back whole; the variables section starts at
     * {@code variables} and ends the block (which may end before {@code raw} does: a scratch copy).
     */
    static Variables variablesOf(byte[] raw, int templates, int variables) {
        int marks = Bytes.count(raw, templates, variables, VARIABLE);
        if (marks == 0) {
            return new Variables(new byte[0], new int[0], 0); // values written whole (a hot chunk)
        }
        int[] slotOf = new int[marks];
        SlotMap slots = new SlotMap();
        long hash = 0;
        for (int i = templates, mark = 0; i < variables; i++) {
            byte b = raw[i];
            if (b == END) {
                hash = 0;
                continue;
            }
            if (b == VARIABLE) {
                slotOf[mark++] = slots.slot(hash);
            }
            hash = step(hash, b);
        }
        int[] next = new int[slots.size() + 1];
        for (int slot : slotOf) {
            next[slot + 1]++;
        }
        for (int s = 1; s < next.length; s++) {
            next[s] += next[s - 1];
        }
        // The section's k-th variable belongs to the mark that sorts k-th by (slot, mark).
        int[] markAt = new int[marks];
        for (int mark = 0; mark < marks; mark++) {
            markAt[next[slotOf[mark]]++] = mark;
        }
        // Decoded in section order (a delta needs its slot's previous number), then put in mark order.
        ByteSink decoded = new ByteSink(Math.max(64, raw.length - variables));
        int[] decodedAt = new int[marks];
        int at = variables;
        int previousSlot = -1;
        boolean previousNumber = false;
        long previous = 0;
        for (int k = 0; k < marks; k++) {
            int slot = slotOf[markAt[k]];
            int end = at;
            while (raw[end] != END) {
                end++;
            }
            decodedAt[k] = decoded.size();
            long value;
            boolean number;
            if (raw[at] == DELTA) {
                if (!previousNumber || slot != previousSlot) {
                    throw new IllegalStateException("a delta without a number before it in its slot");
                }
                value = previous + parseDelta(raw, at + 1, end);
                number = true;
                writeDecimal(value, decoded);
            } else {
                number = isNumber(raw, at, end);
                value = number ? parse(raw, at, end) : 0;
                decoded.writeBytes(raw, at, end - at);
            }
            decoded.writeByte(END);
            previousSlot = slot;
            previousNumber = number;
            previous = value;
            at = end + 1;
        }
        // Mark m's variable is the one decoded rank-of-m-th: point at it where it is.
        int[] starts = slotOf; // reused: the slots are not needed any more
        for (int k = 0; k < marks; k++) {
            starts[markAt[k]] = decodedAt[k];
        }
        byte[] text = java.util.Arrays.copyOf(decoded.array(), decoded.size());
        return new Variables(text, starts, 0);
    }

    /**
     * The variables of marks [from, to) only, for a lone record: every template is still hashed
     * (a slot's place in the section depends on all of them), but only the slots of those marks
     * are read, each up to the mark's variable.
     */
    static Variables variablesOf(byte[] raw, int templates, int variables, int from, int to) {
        if (from == to) {
            return new Variables(new byte[0], new int[0], from); // no marks in this record
        }
        SlotMap slots = new SlotMap();
        IntArray slotOf = new IntArray();
        long hash = 0;
        for (int i = templates; i < variables; i++) {
            byte b = raw[i];
            if (b == END) {
                hash = 0;
                continue;
            }
            if (b == VARIABLE) {
                slotOf.add(slots.slot(hash));
            }
            hash = step(hash, b);
        }
        int[] slotStart = new int[slots.size() + 1];
        int[] seen = new int[slots.size()];
        int[] rank = new int[to - from];
        for (int mark = 0; mark < slotOf.size; mark++) {
            int slot = slotOf.values[mark];
            slotStart[slot + 1]++;
            if (mark >= from && mark < to) {
                rank[mark - from] = seen[slot];
            }
            seen[slot]++;
        }
        for (int s = 1; s < slotStart.length; s++) {
            slotStart[s] += slotStart[s - 1];
        }
        ByteSink text = new ByteSink(64);
        int[] starts = new int[to - from];
        for (int mark = from; mark < to; mark++) {
            int slot = slotOf.values[mark];
            int at = Bytes.afterZeros(raw, variables, slotStart[slot]);
            boolean number = false;
            long value = 0;
            int wordStart = 0;
            int wordEnd = 0;
            for (int r = 0; r <= rank[mark - from]; r++) { // the slot's variables up to this mark's
                int end = Bytes.indexOfZero(raw, at);
                if (raw[at] == DELTA) {
                    value += parseDelta(raw, at + 1, end);
                    number = true;
                    wordStart = -1;
                } else {
                    number = isNumber(raw, at, end);
                    value = number ? parse(raw, at, end) : 0;
                    wordStart = at;
                    wordEnd = end;
                }
                at = end + 1;
            }
            starts[mark - from] = text.size();
            if (wordStart >= 0) {
                text.writeBytes(raw, wordStart, wordEnd - wordStart);
            } else {
                writeDecimal(value, text);
            }
            text.writeByte(END);
        }
        return new Variables(java.util.Arrays.copyOf(text.array(), text.size()), starts, from);
    }

    /** A delta's text after its {@link #DELTA}: an optional '-' and decimal digits. */
    private static long parseDelta(byte[] raw, int from, int to) {
        boolean negative = raw[from] == '-';
        long value = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            int digit = raw[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalStateException("a delta with a byte " + raw[i]);
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** Writes a number of {@link #isNumber}'s form (not negative) in decimal, without a String. */
    private static void writeDecimal(long value, ByteSink out) {
        if (value < 0) {
            throw new IllegalStateException("a delta gave " + value);
        }
        byte[] digits = new byte[19];
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        out.writeBytes(digits, at, digits.length - at);
    }

    /** A growing int array. */
    private static final class IntArray {
        int[] values = new int[256];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }

    /** Slot hashes to slot numbers 0, 1, … in order of first sight (open addressing). */
    private static final class SlotMap {
        private long[] keys = new long[64];
        private int[] numbers = new int[64]; // slot number + 1; 0 = empty
        private int size;

        int slot(long key) {
            int mask = keys.length - 1;
            int i = (int) (key ^ key >>> 29) & mask;
            while (numbers[i] != 0) {
                if (keys[i] == key) {
                    return numbers[i] - 1;
                }
                i = (i + 1) & mask;
            }
            keys[i] = key;
            numbers[i] = ++size;
            if (size * 2 > keys.length) {
                grow();
            }
            return size - 1;
        }

        int size() {
            return size;
        }

        void clear() {
            Arrays.fill(numbers, 0);
            size = 0;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldNumbers = numbers;
            keys = new long[oldKeys.length * 2];
            numbers = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldNumbers[j] != 0) {
                    int i = (int) (oldKeys[j] ^ oldKeys[j] >>> 29) & mask;
                    while (numbers[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    numbers[i] = oldNumbers[j];
                }
            }
        }
    }
}
