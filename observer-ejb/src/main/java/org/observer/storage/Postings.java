package org.observer.storage;

/** Intersection of ascending ordinal lists, in place into the first (the smallest) list. */
final class Postings {

    private Postings() {
    }

    /** Keeps in {@code acc[0..accLength)} the values also in {@code other[0..otherLength)}; returns the new length. */
    static int intersect(int[] acc, int accLength, int[] other, int otherLength) {
        int kept = 0;
        int j = 0;
        for (int i = 0; i < accLength && j < otherLength; i++) {
            int value = acc[i];
            while (j < otherLength && other[j] < value) {
                j++;
            }
            if (j < otherLength && other[j] == value) {
                acc[kept++] = value;
                j++;
            }
        }
        return kept;
    }

    /** Same, with {@code other} decoded on the fly from a gap-encoded list of {@code docFreq} vints. */
    static int intersect(int[] acc, int accLength, ByteCursor other, int docFreq) {
        int kept = 0;
        int read = 0;
        int current = -1;
        for (int i = 0; i < accLength; i++) {
            int value = acc[i];
            while (current < value) {
                if (read == docFreq) {
                    return kept;
                }
                current = read == 0 ? other.readVInt() : current + other.readVInt();
                read++;
            }
            if (current == value) {
                acc[kept++] = value;
            }
        }
        return kept;
    }
}
