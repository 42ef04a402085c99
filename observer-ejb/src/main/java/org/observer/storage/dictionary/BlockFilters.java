package org.observer.storage.dictionary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.observer.storage.StorageFormat;
import org.observer.storage.io.ByteSink;

/**
 * Per-block Bloom filters of the rare numbers and hex ids of a chunk's text fields.
 *
 * <p>Such terms (a block id, a port, a request counter) are most of a log dictionary's bytes: each
 * distinct one costs its text and its postings, yet it is searched rarely and matches few lines.
 * Compaction moves them out of the dictionary into one filter per data block (about
 * {@value #BITS_PER_KEY} bits per distinct term per block); a lookup then decompresses only the
 * blocks whose filter may hold the term and verifies every record of them. Only terms made of
 * {@code [0-9a-f]} with at least one digit qualify ({@link #qualifies}), so a prefix query can
 * tell from its prefix alone whether a filtered term could match it. Hot chunks (sealed from the
 * active segment) filter only the rarest of them ({@link #HOT_MAX_DOCUMENTS}) and only those
 * starting with a digit ({@link #qualifiesHot}): on logs where every line carries its own ids,
 * they are most of the hot dictionary too. A hot chunk also lists its filtered terms' first
 * characters with their documents ({@link FilteredPrefixes}), so a digit-first prefix does not
 * read every block back.
 *
 * <p>The filter of a block with {@code n} keys has {@code m = 64 * ceil(n * BITS_PER_KEY / 64)}
 * (hot chunks: {@link #HOT_BITS_PER_KEY})
 * bits; a key with hash {@code h} ({@link #hash}) sets bits {@code (h1 + i * h2) mod m} for
 * {@code i < PROBES}, where {@code h1} is the low and {@code h2} the high 32 bits of {@code h}
 * (unsigned, {@code h2} with its lowest bit set). Bit {@code b} is bit {@code b % 64} of the
 * big-endian int64 number {@code b / 64}.
 *
 * <p>The section in the dictionary file ({@link StorageFormat}):
 * <pre>
 * int32 fieldCount, fieldCount × int32 fieldId   the fields whose qualifying rare terms are filtered
 * int32 filterCount                              one per data block, in block order
 * filterCount × (int32 position, int32 words)    position relative to the section's start
 * the filters, each words × int64
 * </pre>
 */
public final class BlockFilters {

    static final int BITS_PER_KEY = 10;
    /** A (term, field) listing at most this many documents in a chunk is rare enough to filter. */
    public static final int MAX_DOCUMENTS = 128;
    /**
     * Hot chunks filter only terms this rare: a lookup then reads back a block or two, where a
     * cold chunk's may read many (cold data is searched rarely).
     */
    public static final int HOT_MAX_DOCUMENTS = 2;
    /**
     * Hot filters spend more bits per key: a lookup of an id that is not there still decompresses
     * every block whose filter says "maybe", and hot chunks are many (one per index and seal). At
     * 10 bits (about 1% false positives) a needle over 70 one-day indexes read about 20 blocks
     * back (5–10 ms against 0.3 ms from a dictionary); at 20 bits (0.02%) fewer than one.
     */
    public static final int HOT_BITS_PER_KEY = 20;
    /**
     * Hot chunks filter only terms this long (from version 7): a shorter number costs the
     * dictionary little more than its filter key and prefix listing cost, and filtering every
     * length made the small per-system chunks of the sample up to 0.9 byte per line bigger
     * (minimum 1, 5, 6, 8, 10: 18.54, 18.30, 18.35, 18.58, 18.63 bytes per line hot; 6 is the
     * shortest that leaves no system of the sample more than 0.25 bigger than without filters).
     * Readers do not rely on it: a hot chunk of version 5 may filter shorter ones.
     */
    public static final int HOT_MIN_LENGTH = 6;
    /** The smallest hot filter, in int64 words (see {@link #words}); readers take each filter's size from the section. */
    static final int HOT_MIN_WORDS = 8;
    static final int PROBES = 7;

    private BlockFilters() {
    }

    /** True if {@code term} is made of {@code 0-9a-f} only and holds a digit: the terms cold chunks filter. */
    public static boolean qualifies(String term) {
        boolean digit = false;
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c < 'a' || c > 'f') {
                return false;
            }
        }
        return digit;
    }

    /**
     * True if a hot chunk filters {@code term}: {@link #qualifies}, and its first character is a
     * digit. Hot chunks are searched often, prefix queries included; a prefix starting with a
     * letter (such as {@code adde*}) then never has to read every record back ({@link #mayPrefix(String, boolean)}).
     */
    public static boolean qualifiesHot(String term) {
        return !term.isEmpty() && term.charAt(0) >= '0' && term.charAt(0) <= '9' && qualifies(term);
    }

    /**
     * {@link #qualifies} (cold) or {@link #qualifiesHot} (hot) for the ASCII token
     * {@code text[start, end)} once lowercased, without making it a string: reading records back
     * to find filtered terms looks at every token, and most fail at their first character.
     */
    public static boolean qualifies(CharSequence text, int start, int end, boolean cold) {
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = (char) (text.charAt(i) | 0x20); // A-F to a-f; digits keep their value
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c < 'a' || c > 'f' || (i == start && !cold)) {
                return false;
            }
        }
        return digit;
    }

    /** {@link #qualifies} for a cold chunk, {@link #qualifiesHot} for a hot one. */
    public static boolean qualifies(String term, boolean cold) {
        return cold ? qualifies(term) : qualifiesHot(term);
    }

    /** True if some term a chunk (cold or hot) may filter starts with {@code prefix}. */
    public static boolean mayPrefix(String prefix, boolean cold) {
        if (!cold && !prefix.isEmpty() && (prefix.charAt(0) < '0' || prefix.charAt(0) > '9')) {
            return false;
        }
        return mayPrefix(prefix);
    }

    /** True if some term made of {@code 0-9a-f} starts with {@code prefix}. */
    public static boolean mayPrefix(String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The filter section of a chunk with one key set per data block ({@code hashes[b][0..counts[b])}, distinct). */
    public static ByteSink section(int[] fieldIds, long[][] hashes, int[] counts) {
        return section(fieldIds, hashes, counts, BITS_PER_KEY);
    }

    /**
     * The same with {@code bitsPerKey} bits per key: readers take each filter's size from the
     * section, so this is the writer's choice alone.
     */
    public static ByteSink section(int[] fieldIds, long[][] hashes, int[] counts, int bitsPerKey) {
        int blocks = hashes.length;
        int position = 4 + 4 * fieldIds.length + 4 + 8 * blocks;
        long total = position;
        for (int b = 0; b < blocks; b++) {
            total += 8L * words(counts[b], bitsPerKey);
        }
        ByteSink out = new ByteSink((int) total);
        out.writeInt(fieldIds.length);
        for (int id : fieldIds) {
            out.writeInt(id);
        }
        out.writeInt(blocks);
        for (int b = 0; b < blocks; b++) {
            out.writeInt(position);
            out.writeInt(words(counts[b], bitsPerKey));
            position += 8 * words(counts[b], bitsPerKey);
        }
        for (int b = 0; b < blocks; b++) {
            write(hashes[b], counts[b], bitsPerKey, out);
        }
        return out;
    }

    /** A filter section read from a mapped dictionary. */
    public static final class Section {
        private final ByteBuffer buffer;
        private final int base;
        private final int[] fieldIds;
        private final int count;

        Section(ByteBuffer buffer, int base) {
            this.buffer = buffer;
            this.base = base;
            int fields = buffer.getInt(base);
            if (fields < 0 || fields > 1 << 16) {
                throw new IllegalStateException("bad filtered field count " + fields);
            }
            fieldIds = new int[fields];
            for (int i = 0; i < fields; i++) {
                fieldIds[i] = buffer.getInt(base + 4 + 4 * i);
            }
            int at = base + 4 + 4 * fields;
            count = buffer.getInt(at);
            if (count < 0 || at + 4 + 8L * count > buffer.capacity()) {
                throw new IllegalStateException("bad filter count " + count);
            }
            for (int b = 0; b < count; b++) {
                long start = base + (long) buffer.getInt(at + 4 + 8 * b);
                long words = buffer.getInt(at + 8 + 8 * b);
                if (start < base || words < 1 || start + 8 * words > buffer.capacity()) {
                    throw new IllegalStateException("filter " + b + " out of bounds");
                }
            }
        }

        int count() {
            return count;
        }

        /** True if rare qualifying terms of field {@code id} are in the filters (not in the dictionary). */
        boolean filters(int id) {
            for (int f : fieldIds) {
                if (f == id) {
                    return true;
                }
            }
            return false;
        }

        public int[] fieldIds() {
            return fieldIds.clone();
        }

        public boolean mayContain(int block, long hash) {
            int entry = base + 4 + 4 * fieldIds.length + 4 + 8 * block;
            return BlockFilters.mayContain(buffer, base + buffer.getInt(entry), buffer.getInt(entry + 4), hash);
        }
    }

    /** FNV-1a 64 over the term's UTF-8 bytes, then MurmurHash3's 64-bit finalizer. */
    public static long hash(String term) {
        byte[] bytes = term.getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Words (int64) of a filter holding {@code keys} keys. Hot filters ({@link #HOT_BITS_PER_KEY})
     * have at least {@link #HOT_MIN_WORDS}: the probes {@code h1 + i * h2} of a 64-bit filter
     * repeat one another, so a block with a few keys let through 0.1–0.5% of absent ones (measured,
     * against 0.02% for big blocks), and a needle then read back a block in every few hundred.
     */
    static int words(int keys, int bitsPerKey) {
        int least = bitsPerKey == HOT_BITS_PER_KEY ? HOT_MIN_WORDS : 1;
        return Math.max(least, (int) (((long) keys * bitsPerKey + 63) / 64));
    }

    /** Writes the filter of the distinct {@code hashes[0..count)} as {@link #words}(count, bitsPerKey) int64s. */
    static void write(long[] hashes, int count, int bitsPerKey, ByteSink out) {
        long[] bits = new long[words(count, bitsPerKey)];
        long m = bits.length * 64L;
        for (int k = 0; k < count; k++) {
            long h1 = hashes[k] & 0xFFFFFFFFL;
            long h2 = (hashes[k] >>> 32) | 1;
            for (int i = 0; i < PROBES; i++) {
                long bit = (h1 + i * h2) % m;
                bits[(int) (bit >>> 6)] |= 1L << bit;
            }
        }
        for (long word : bits) {
            out.writeLong(word);
        }
    }

    /** True if the filter of {@code words} int64s at {@code position} in {@code buffer} may hold {@code hash}. */
    static boolean mayContain(ByteBuffer buffer, int position, int words, long hash) {
        long m = words * 64L;
        long h1 = hash & 0xFFFFFFFFL;
        long h2 = (hash >>> 32) | 1;
        for (int i = 0; i < PROBES; i++) {
            long bit = (h1 + i * h2) % m;
            if ((buffer.getLong(position + (int) (bit >>> 6) * 8) & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }
}
