package org.observer.storage;

import java.util.Arrays;

/**
 * Set operations on ascending ordinal lists: intersection in place into the first (the smallest)
 * list, and unions for an any-field term (the same term's lists over several fields).
 */
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

    /** Keeps in {@code acc} the values present in at least one of {@code lists}; returns the new length. */
    static int intersectAny(int[] acc, int accLength, int[][] lists, int[] sizes) {
        if (lists.length == 1) {
            return intersect(acc, accLength, lists[0], sizes[0]);
        }
        boolean[] keep = new boolean[accLength];
        for (int l = 0; l < lists.length; l++) {
            mark(acc, accLength, keep, lists[l], sizes[l]);
        }
        return compact(acc, accLength, keep);
    }

    /** Sets {@code keep[i]} for each {@code acc[i]} found in {@code other[0..otherLength)}. */
    static void mark(int[] acc, int accLength, boolean[] keep, int[] other, int otherLength) {
        int j = 0;
        for (int i = 0; i < accLength && j < otherLength; i++) {
            int value = acc[i];
            while (j < otherLength && other[j] < value) {
                j++;
            }
            if (j < otherLength && other[j] == value) {
                keep[i] = true;
                j++;
            }
        }
    }

    /** Same, with {@code other} decoded on the fly from a gap-encoded list of {@code docFreq} vints. */
    static void mark(int[] acc, int accLength, boolean[] keep, ByteCursor other, int docFreq) {
        int read = 0;
        int current = -1;
        for (int i = 0; i < accLength; i++) {
            int value = acc[i];
            while (current < value) {
                if (read == docFreq) {
                    return;
                }
                current = read == 0 ? other.readVInt() : current + other.readVInt();
                read++;
            }
            if (current == value) {
                keep[i] = true;
            }
        }
    }

    /** Sets {@code keep[i]} where {@code acc[i] == value}. */
    static void mark(int[] acc, int accLength, boolean[] keep, int value) {
        int i = Arrays.binarySearch(acc, 0, accLength, value);
        if (i >= 0) {
            keep[i] = true;
        }
    }

    static int compact(int[] acc, int accLength, boolean[] keep) {
        int kept = 0;
        for (int i = 0; i < accLength; i++) {
            if (keep[i]) {
                acc[kept++] = acc[i];
            }
        }
        return kept;
    }

    /** The ascending, repeat-free union of {@code lists[l][0..sizes[l])}, each ascending. */
    static int[] union(int[][] lists, int[] sizes) {
        if (lists.length == 1) {
            return Arrays.copyOf(lists[0], sizes[0]);
        }
        int[] result = Arrays.copyOf(lists[0], sizes[0]);
        int length = sizes[0];
        for (int l = 1; l < lists.length; l++) {
            int[] merged = new int[length + sizes[l]];
            length = merge(result, length, lists[l], sizes[l], merged);
            result = merged;
        }
        return length == result.length ? result : Arrays.copyOf(result, length);
    }

    /** Merges two ascending lists into {@code out}, dropping repeats; returns the length. */
    static int merge(int[] a, int aLength, int[] b, int bLength, int[] out) {
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < aLength && j < bLength) {
            int x = a[i];
            int y = b[j];
            if (x < y) {
                out[n++] = x;
                i++;
            } else if (y < x) {
                out[n++] = y;
                j++;
            } else {
                out[n++] = x;
                i++;
                j++;
            }
        }
        while (i < aLength) {
            out[n++] = a[i++];
        }
        while (j < bLength) {
            out[n++] = b[j++];
        }
        return n;
    }
}
