package org.observer.storage.dictionary;

import org.observer.storage.StorageFormat;

/**
 * Which gap of its line a word with a digit fills, one byte per document of a posting list (see
 * {@link StorageFormat}): a line's gaps are its stop words and words with a digit, counted field
 * after field; lines of one shape have the same gaps, so with the gap a phrase holding the word
 * is decided by the shape alone. A byte is {@link #UNKNOWN}, {@link #AS_BEFORE} (the gap of the
 * previous document of the list with the same shape: the usual case, which makes a list of them
 * compress to almost nothing) or {@link #OFFSET} + the gap.
 */
public final class GapPositions {

    /** The word occurs twice in the line, or past the last gap a byte can name. */
    public static final byte UNKNOWN = 0;
    /** The same as for the previous document of this list with the same shape. */
    static final byte AS_BEFORE = 1;
    static final int OFFSET = 2;
    static final int MAX_GAP = 255 - OFFSET;

    private GapPositions() {
    }

    /** The byte of gap {@code gap} (a first occurrence in its line). */
    public static byte of(int gap) {
        return gap >= 0 && gap <= MAX_GAP ? (byte) (gap + OFFSET) : UNKNOWN;
    }

    /** True if some document's gap is known: a list of unknowns is not worth storing. */
    static boolean anyKnown(byte[] positions, int size) {
        for (int i = 0; i < size; i++) {
            if (positions[i] != UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code positions[0..size)} (plain bytes: unknown or offset gaps) rewritten with
     * {@link #AS_BEFORE} wherever a document repeats the gap of the previous one of its shape.
     *
     * @param shapeOf the chunk shape of each ordinal
     */
    public static byte[] predicted(int[] ordinals, byte[] positions, int size, int[] shapeOf, int shapeCount) {
        byte[] last = new byte[shapeCount];
        boolean[] seen = new boolean[shapeCount];
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            int shape = shapeOf[ordinals[i]];
            byte value = positions[i];
            out[i] = seen[shape] && last[shape] == value ? AS_BEFORE : value;
            last[shape] = value;
            seen[shape] = true;
        }
        return out;
    }

    /** Decodes a list's bytes in ordinal order, whichever form they take. */
    public static final class Decoder {
        private final byte[] last;

        public Decoder(int shapeCount) {
            this.last = new byte[shapeCount];
        }

        /** The gap of the next document of the list (of shape {@code shape}), or -1 if unknown. */
        public int next(byte value, int shape) {
            byte plain = value == AS_BEFORE ? last[shape] : value;
            last[shape] = plain;
            return plain == UNKNOWN ? -1 : (plain & 0xFF) - OFFSET;
        }
    }
}
