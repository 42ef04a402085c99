package org.observer.storage.segment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntConsumer;

import org.observer.storage.dictionary.GapPositions;
import org.observer.storage.io.Sorting;
import org.observer.storage.search.Shapes;

/**
 * The active segment's keys, one per distinct (term, field), and their postings: the shapes that
 * hold the key (ascending shape ids) and the documents listed explicitly (ascending ordinals, each
 * once). A key with a digit has only documents; a digit-free key has only shapes, plus the
 * documents of shape 0 when the segment ran out of shapes.
 *
 * <p>Keys live in parallel primitive arrays indexed by key id, and term text as UTF-8 in one byte
 * arena: a segment holds millions of keys (most numbers occur once), and as objects they were
 * most of what the collector copied while indexing. Terms are found through an open-addressing
 * table on {@link String#hashCode()} of the term, so an ASCII token is looked up straight from
 * the text it occurs in, lowercasing on the fly; a new term allocates nothing but arena bytes.
 * Keys of one term (one per field) are chained from the newest, the chain's head being in the
 * table. Single-threaded writes; readers hold the store's read lock.
 */
public final class SegmentKeys {

    public static final int NONE = -1;
    /** Small to start with: thousands of indexes may each hold an active segment with a few logs. */
    private static final int INITIAL_KEYS = 16;
    private static final int[] NO_INTS = new int[0];

    /** Slot: (term hash << 32) | (head key + 1); 0 is empty. */
    private long[] slots = new long[INITIAL_KEYS * 2];
    private int heads;

    private int count;
    /*
     * A lookup touches a key's term and its field chain at random places of arrays far larger
     * than the caches: each is one long, so it costs one miss, not one per array.
     */
    /** Per key: term offset in the arena << 32 | term length << 1 | 1 if explicit (the term has a digit). */
    private long[] terms = new long[INITIAL_KEYS];
    /** Per key: field << 32 | the key of the same term in the field that had it before (NONE as 32 bits). */
    private long[] links = new long[INITIAL_KEYS];
    /** The only document while the size is 1; then {@code docs} holds them all. */
    private int[] firsts = new int[INITIAL_KEYS];
    private byte[] firstPositions = new byte[INITIAL_KEYS];
    private int[] sizes = new int[INITIAL_KEYS];
    private int[][] docs = new int[INITIAL_KEYS][];
    private byte[][] positions = new byte[INITIAL_KEYS][];
    private int[] shapeCounts = new int[INITIAL_KEYS];
    private int[][] shapes = new int[INITIAL_KEYS][];

    private byte[] arena = new byte[INITIAL_KEYS * 16];
    private int arenaSize;

    /** Bytes of one key's entry in the parallel arrays: two longs, three ints, a byte and three references. */
    private static final int KEY_ENTRY_BYTES = 2 * 8 + 3 * 4 + 1 + 3 * 4;
    /** Header of an array object on a 64-bit JVM with compressed references. */
    private static final int ARRAY_HEADER_BYTES = 16;

    /**
     * Heap bytes the keys, their terms and their postings hold, about: the arrays as allocated
     * (grown ahead of use), object headers counted, the map's own small objects not. A walk over
     * the keys, so callers ask now and then, not per write; it may run beside the writer and then
     * counts a moment's state.
     */
    long heapBytes() {
        long bytes = 8L * slots.length + arena.length + (long) KEY_ENTRY_BYTES * links.length;
        int[][] docLists = docs;
        byte[][] positionLists = positions;
        int[][] shapeLists = shapes;
        int n = Math.min(count, Math.min(docLists.length, Math.min(positionLists.length, shapeLists.length)));
        for (int key = 0; key < n; key++) {
            int[] d = docLists[key];
            byte[] p = positionLists[key];
            int[] s = shapeLists[key];
            bytes += (d == null ? 0 : ARRAY_HEADER_BYTES + 4L * d.length) + (p == null ? 0 : ARRAY_HEADER_BYTES + p.length)
                    + (s == null ? 0 : ARRAY_HEADER_BYTES + 4L * s.length);
        }
        return bytes;
    }

    /** Distinct terms (chain heads). */
    int terms() {
        return heads;
    }

    /** Keys so far; ids are given in order, so the keys added after a moment are those from its count on. */
    int keyCount() {
        return count;
    }

    // ---------------------------------------------------------------- lookups

    /** The head key of {@code term}, or NONE. */
    int head(String term) {
        return head(term, term.hashCode());
    }

    /** The head key of {@code term} whose {@link String#hashCode()} is {@code hash}, or NONE. */
    int head(String term, int hash) {
        long[] table = slots;
        int mask = table.length - 1;
        byte[] utf8 = null;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) {
                return NONE;
            }
            if ((int) (slot >>> 32) == hash) {
                int key = (int) slot - 1;
                if (isAscii(term)) {
                    if (sameAscii(key, term, 0, term.length(), false)) {
                        return key;
                    }
                } else {
                    if (utf8 == null) {
                        utf8 = term.getBytes(StandardCharsets.UTF_8);
                    }
                    long span = terms[key];
                    int at = at(span);
                    if (Arrays.equals(arena, at, at + length(span), utf8, 0, utf8.length)) {
                        return key;
                    }
                }
            }
        }
    }

    /** The head key of the ASCII {@code text[start, end)} lowercased (as {@link #hash} does), or NONE. */
    int head(String text, int start, int end, int hash) {
        long[] table = slots;
        int mask = table.length - 1;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) {
                return NONE;
            }
            if ((int) (slot >>> 32) == hash && sameAscii((int) slot - 1, text, start, end, true)) {
                return (int) slot - 1;
            }
        }
    }

    /** The head key of the ASCII bytes {@code text[start, end)} lowercased (as {@link #hash} does), or NONE. */
    int head(byte[] text, int start, int end, int hash) {
        long[] table = slots;
        int mask = table.length - 1;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) {
                return NONE;
            }
            if ((int) (slot >>> 32) == hash && sameAscii((int) slot - 1, text, start, end)) {
                return (int) slot - 1;
            }
        }
    }

    /** The key of {@code field} in the chain from {@code head}, or NONE. */
    int inField(int head, int field) {
        int key = head;
        while (key != NONE) {
            long link = links[key];
            if ((int) (link >>> 32) == field) {
                break;
            }
            key = (int) link;
        }
        return key;
    }

    /** String.hashCode of the lowercased {@code text[start, end)} (ASCII). */
    static int hash(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return h;
    }

    /** True if {@code term} equals the ASCII {@code text[start, end)}, lowercased. */
    static boolean sameAscii(String term, String text, int start, int end) {
        if (term.length() != end - start) {
            return false;
        }
        for (int i = start, j = 0; i < end; i++, j++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != term.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private boolean sameAscii(int key, String text, int start, int end, boolean lowercase) {
        long term = terms[key];
        if (length(term) != end - start) {
            return false;
        }
        byte[] bytes = arena;
        for (int i = start, j = at(term); i < end; i++, j++) {
            char c = text.charAt(i);
            if (lowercase && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != bytes[j]) {
                return false;
            }
        }
        return true;
    }

    private boolean sameAscii(int key, byte[] text, int start, int end) {
        long term = terms[key];
        if (length(term) != end - start) {
            return false;
        }
        byte[] bytes = arena;
        for (int i = start, j = at(term); i < end; i++, j++) {
            byte c = text[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != bytes[j]) {
                return false;
            }
        }
        return true;
    }

    /** String.hashCode of the ASCII bytes {@code text[start, end)} lowercased. */
    static int hash(byte[] text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            byte c = text[i];
            h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return h;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Hashes differ mostly in their low bits' neighbours (31 * h + c): spread them over the table. */
    static int mix(int hash) {
        return hash * 0x9E3779B9 >>> 7 ^ hash;
    }

    // ---------------------------------------------------------------- new keys

    /** A new key for the ASCII {@code text[start, end)}, lowercased, in {@code field}; {@code head} is the term's head or NONE. */
    int add(int head, String text, int start, int end, int hash, int field) {
        int key = newKey(head, field);
        if (head == NONE) {
            int length = end - start;
            ensureArena(length);
            boolean digit = false;
            for (int i = start, j = arenaSize; i < end; i++, j++) {
                char c = text.charAt(i);
                digit |= c >= '0' && c <= '9';
                arena[j] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            terms[key] = term(arenaSize, length, digit);
            arenaSize += length;
        }
        return link(key, head, hash);
    }

    /** A new key for the ASCII bytes {@code text[start, end)}, lowercased, in {@code field}; {@code head} is the term's head or NONE. */
    int add(int head, byte[] text, int start, int end, int hash, int field) {
        int key = newKey(head, field);
        if (head == NONE) {
            int length = end - start;
            ensureArena(length);
            boolean digit = false;
            for (int i = start, j = arenaSize; i < end; i++, j++) {
                byte c = text[i];
                digit |= c >= '0' && c <= '9';
                arena[j] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            terms[key] = term(arenaSize, length, digit);
            arenaSize += length;
        }
        return link(key, head, hash);
    }

    /** A new key for {@code term} in {@code field}; {@code head} is the term's head or NONE. */
    int add(int head, String term, int hash, int field) {
        int key = newKey(head, field);
        if (head == NONE) {
            byte[] utf8 = term.getBytes(StandardCharsets.UTF_8);
            ensureArena(utf8.length);
            System.arraycopy(utf8, 0, arena, arenaSize, utf8.length);
            terms[key] = term(arenaSize, utf8.length, Shapes.hasDigit(term));
            arenaSize += utf8.length;
        }
        return link(key, head, hash);
    }

    private int newKey(int head, int field) {
        if (count == links.length) {
            growKeys();
        }
        int key = count++;
        links[key] = (long) field << 32 | (head & 0xFFFFFFFFL);
        if (head != NONE) {
            terms[key] = terms[head];
        }
        return key;
    }

    private static long term(int at, int length, boolean explicit) {
        return (long) at << 32 | (long) length << 1 | (explicit ? 1 : 0);
    }

    private static int at(long term) {
        return (int) (term >>> 32);
    }

    private static int length(long term) {
        return (int) term >>> 1;
    }

    /** Makes {@code key} the head of its term's chain in the table. */
    private int link(int key, int head, int hash) {
        long[] table = slots;
        int mask = table.length - 1;
        int i = mix(hash) & mask;
        if (head != NONE) {
            while ((int) table[i] - 1 != head) {
                i = (i + 1) & mask;
            }
        } else {
            while (table[i] != 0) {
                i = (i + 1) & mask;
            }
            heads++;
        }
        table[i] = (long) hash << 32 | (key + 1);
        if (heads * 2 > table.length) {
            growTable();
        }
        return key;
    }

    private void growTable() {
        long[] old = slots;
        long[] table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long slot : old) {
            if (slot != 0) {
                int i = mix((int) (slot >>> 32)) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = slot;
            }
        }
        slots = table;
    }

    private void growKeys() {
        int n = links.length * 2;
        terms = Arrays.copyOf(terms, n);
        links = Arrays.copyOf(links, n);
        firsts = Arrays.copyOf(firsts, n);
        firstPositions = Arrays.copyOf(firstPositions, n);
        sizes = Arrays.copyOf(sizes, n);
        docs = Arrays.copyOf(docs, n);
        positions = Arrays.copyOf(positions, n);
        shapeCounts = Arrays.copyOf(shapeCounts, n);
        shapes = Arrays.copyOf(shapes, n);
    }

    private void ensureArena(int length) {
        if (arenaSize + length > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(arenaSize + (long) length, arena.length * 2L)));
        }
    }

    // ---------------------------------------------------------------- postings

    /** Shapes are registered in ascending id order, so a repeat is always the last one. */
    void addShapeIfNotLast(int key, int shape) {
        int n = shapeCounts[key];
        int[] list = shapes[key];
        if (n > 0 && list[n - 1] == shape) {
            return;
        }
        if (list == null || n == list.length) {
            shapes[key] = list = list == null ? new int[2] : Arrays.copyOf(list, n + (n >> 1) + 2);
        }
        list[n] = shape;
        shapeCounts[key] = n + 1;
    }

    /** Adds unless it equals the last value: a document adds each key once though a token repeats. */
    void addIfNotLast(int key, int ordinal) {
        addIfNotLast(key, ordinal, -1);
    }

    /**
     * Adds the document with the gap of its shape the term fills ({@link GapPositions}); a repeat
     * of the last document makes its position unknown (the term is in it twice).
     */
    void addIfNotLast(int key, int ordinal, int position) {
        byte stored = GapPositions.of(position);
        int size = sizes[key];
        if (size == 0) {
            firsts[key] = ordinal; // most ids occur once: no array for them
            firstPositions[key] = stored;
            sizes[key] = 1;
            return;
        }
        int[] list = docs[key];
        if ((size == 1 ? firsts[key] : list[size - 1]) == ordinal) {
            if (size == 1) {
                firstPositions[key] = GapPositions.UNKNOWN;
            } else {
                positions[key][size - 1] = GapPositions.UNKNOWN;
            }
            return;
        }
        byte[] at = positions[key];
        if (size == 1) {
            docs[key] = list = new int[4];
            list[0] = firsts[key];
            positions[key] = at = new byte[4];
            at[0] = firstPositions[key];
        } else if (size == list.length) {
            docs[key] = list = Arrays.copyOf(list, size + (size >> 1) + 2);
            positions[key] = at = Arrays.copyOf(at, list.length);
        }
        at[size] = stored;
        list[size] = ordinal;
        sizes[key] = size + 1;
    }

    // ---------------------------------------------------------------- reading

    public int field(int key) {
        return (int) (links[key] >>> 32);
    }

    public int next(int key) {
        return (int) links[key];
    }

    /** True for a term with a digit: its documents are listed, with positions. */
    public boolean explicit(int key) {
        return (terms[key] & 1) != 0;
    }

    public int size(int key) {
        return sizes[key];
    }

    /** The explicit documents, ascending, in {@code docs(key)[0..size(key))}. */
    public int[] docs(int key) {
        int size = sizes[key];
        return size == 0 ? NO_INTS : size == 1 ? new int[] {firsts[key]} : docs[key];
    }

    /** Same, without allocating: {@code single} holds a lone document. */
    public int[] docs(int key, int[] single) {
        if (sizes[key] == 1) {
            single[0] = firsts[key];
            return single;
        }
        return sizes[key] == 0 ? NO_INTS : docs[key];
    }

    /** The gap the term fills in each of its documents ({@link GapPositions}, plain bytes); for explicit keys. */
    public byte[] positions(int key) {
        return sizes[key] == 1 ? new byte[] {firstPositions[key]} : positions[key];
    }

    public int shapeCount(int key) {
        return shapeCounts[key];
    }

    /** Ascending shape ids in {@code shapes(key)[0..shapeCount(key))}. */
    public int[] shapes(int key) {
        int[] list = shapes[key];
        return list == null ? NO_INTS : list;
    }

    /** The term bytes (UTF-8) are {@code arena()[termAt(key), termAt(key) + termLength(key))}. */
    public byte[] arena() {
        return arena;
    }

    public int termAt(int key) {
        return at(terms[key]);
    }

    public int termLength(int key) {
        return length(terms[key]);
    }

    String term(int key) {
        long term = terms[key];
        return new String(arena, at(term), length(term), StandardCharsets.UTF_8);
    }

    /** Calls {@code action} with the head key of every term, in no particular order. */
    void forEachHead(IntConsumer action) {
        for (long slot : slots) {
            if (slot != 0) {
                action.accept((int) slot - 1);
            }
        }
    }

    /**
     * The head key of every term, in unsigned UTF-8 byte order of the terms: a radix sort on
     * their first 8 bytes, then runs sharing those sorted on the rest. Millions of terms sort
     * without an object per term.
     */
    public static int[] sortedTerms(SegmentKeys keys) {
        int n = keys.terms();
        int[] heads = new int[n];
        long[] prefixes = new long[n];
        byte[] arena = keys.arena();
        int[] t = {0};
        keys.forEachHead(head -> {
            heads[t[0]] = head;
            prefixes[t[0]++] = prefix(arena, keys.termAt(head), keys.termLength(head));
        });
        Sorting.radixSort(prefixes, heads);
        int[] tmp = null;
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && prefixes[to] == prefixes[from]) {
                to++;
            }
            if (to - from > 1) {
                if (tmp == null) {
                    tmp = new int[n];
                }
                Sorting.mergeSort(heads, tmp, from, to, (a, b) -> Arrays.compareUnsigned(
                        arena, keys.termAt(a), keys.termAt(a) + keys.termLength(a),
                        arena, keys.termAt(b), keys.termAt(b) + keys.termLength(b)));
            }
            from = to;
        }
        return heads;
    }

    /** The first 8 bytes of {@code bytes[at, at + length)}, big-endian, zero-padded. */
    private static long prefix(byte[] bytes, int at, int length) {
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = prefix << 8 | (i < length ? bytes[at + i] & 0xFF : 0);
        }
        return prefix;
    }
}
