package org.observer.storage.io;

import java.util.Arrays;
import java.util.function.IntBinaryOperator;

/** Sorts of int arrays (ordinals, term keys) without an object per element. */
public final class Sorting {

    private Sorting() {
    }

    /** Sorts {@code keys} as unsigned numbers, moving {@code values} along (LSD radix, a byte per pass). */
    public static void radixSort(long[] keys, int[] values) {
        int n = keys.length;
        long[] keysIn = keys;
        int[] valuesIn = values;
        long[] keysOut = new long[n];
        int[] valuesOut = new int[n];
        int[] counts = new int[256];
        for (int shift = 0; shift < 64 && n > 1; shift += 8) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (keysIn[i] >>> shift) & 0xFF]++;
            }
            if (counts[(int) (keysIn[0] >>> shift) & 0xFF] == n) {
                continue; // every key has this byte: the pass would change nothing
            }
            for (int d = 0, sum = 0; d < 256; d++) {
                int c = counts[d];
                counts[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int at = counts[(int) (keysIn[i] >>> shift) & 0xFF]++;
                keysOut[at] = keysIn[i];
                valuesOut[at] = valuesIn[i];
            }
            long[] k = keysIn;
            keysIn = keysOut;
            keysOut = k;
            int[] v = valuesIn;
            valuesIn = valuesOut;
            valuesOut = v;
        }
        if (keysIn != keys) {
            System.arraycopy(keysIn, 0, keys, 0, n);
            System.arraycopy(valuesIn, 0, values, 0, n);
        }
    }

    /** Stable sort of {@code a[from, to)} by {@code compare}; a run already in order costs one comparison per merge. */
    public static void mergeSort(int[] a, int[] tmp, int from, int to, IntBinaryOperator compare) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, compare);
        mergeSort(a, tmp, mid, to, compare);
        if (compare.applyAsInt(a[mid - 1], a[mid]) <= 0) {
            return; // already in order: the common case for log streams
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compare.applyAsInt(tmp[i], tmp[j]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }
}
