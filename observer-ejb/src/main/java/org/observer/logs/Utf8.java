package org.observer.logs;

/**
 * Checks UTF-8 on the bytes, as strictly as the JDK's decoder with {@code REPORT}: no overlong forms,
 * no encoded surrogates, nothing past U+10FFFF. A decoder (or a String) per line cost the HTTP
 * threads 6–8% of a bulk request; the JSON reader checks the bytes it passes over instead.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Whether {@code bytes[from, to)} is UTF-8. */
    public static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (bytes[i] >= 0) {
                i++;
            } else {
                int length = sequenceLength(bytes, i, to);
                if (length < 0) {
                    return false;
                }
                i += length;
            }
        }
        return true;
    }

    /**
     * The length of the multi-byte character starting at {@code at} (whose lead byte has its high
     * bit set), or -1 when the bytes from there are not one (Unicode's table of well-formed
     * sequences, 3.9-D93).
     */
    static int sequenceLength(byte[] bytes, int at, int to) {
        int lead = bytes[at] & 0xFF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            return at + 1 < to && continuation(bytes[at + 1]) ? 2 : -1;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            if (at + 2 >= to) {
                return -1;
            }
            int second = bytes[at + 1] & 0xFF;
            int low = lead == 0xE0 ? 0xA0 : 0x80; // below: overlong
            int high = lead == 0xED ? 0x9F : 0xBF; // above: a surrogate
            return second >= low && second <= high && continuation(bytes[at + 2]) ? 3 : -1;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            if (at + 3 >= to) {
                return -1;
            }
            int second = bytes[at + 1] & 0xFF;
            int low = lead == 0xF0 ? 0x90 : 0x80; // below: overlong
            int high = lead == 0xF4 ? 0x8F : 0xBF; // above: past U+10FFFF
            return second >= low && second <= high && continuation(bytes[at + 2]) && continuation(bytes[at + 3]) ? 4 : -1;
        }
        return -1; // a continuation byte, an overlong lead (C0, C1) or a lead past F4
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
