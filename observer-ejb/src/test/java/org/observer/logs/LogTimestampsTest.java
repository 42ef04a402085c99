package org.observer.logs;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogTimestampsTest {

    private static final long JULY_10_NOON = 1752148800000L; // 2025-07-10T12:00:00Z

    @Test
    void readsIsoWithAndWithoutOffset() {
        assertEquals(Optional.of(JULY_10_NOON), LogTimestamps.fromText("2025-07-10T12:00:00Z"));
        assertEquals(Optional.of(JULY_10_NOON), LogTimestamps.fromText("2025-07-10T14:00:00+02:00"));
        assertEquals(Optional.of(JULY_10_NOON + 123), LogTimestamps.fromText("2025-07-10T12:00:00.123Z"));
        assertEquals(Optional.of(JULY_10_NOON), LogTimestamps.fromText("2025-07-10T12:00:00"));
        assertEquals(Optional.of(JULY_10_NOON - 12 * 3600_000L), LogTimestamps.fromText("2025-07-10"));
    }

    @Test
    void readsEpochMillisAndTheSlashedForm() {
        assertEquals(Optional.of(JULY_10_NOON), LogTimestamps.fromText(String.valueOf(JULY_10_NOON)));
        assertEquals(Optional.of(JULY_10_NOON), LogTimestamps.fromNumber(new BigDecimal(JULY_10_NOON)));
        assertEquals(Optional.of(JULY_10_NOON), LogTimestamps.fromNumber(new BigDecimal("1752148800000.7")));
        assertEquals(Optional.of(JULY_10_NOON), LogTimestamps.fromText("2025/07/10:12:00:00"));
    }

    @Test
    void refusesWhatIsNotATime() {
        assertEquals(Optional.empty(), LogTimestamps.fromText("yesterday"));
        assertEquals(Optional.empty(), LogTimestamps.fromText(""));
        assertEquals(Optional.empty(), LogTimestamps.fromText("2025-13-40"));
        assertEquals(Optional.empty(), LogTimestamps.fromText("-"));
    }

    /** The hand-read common form agrees with java.time's parsers on near misses of every kind. */
    @Test
    void readsTheCommonFormAsJavaTimeDoes() {
        Random random = new Random(7);
        String[] offsets = {"Z", "z", "+02:00", "-05:30", "+18:00", "-00:00", "+17:59", "+24:00", "+02", "+0200", "+02:00:30", ""};
        String[] fractions = {"", ".1", ".123", ".123456", ".123456789", ".1234567891", ".", ".12a"};
        for (int i = 0; i < 20_000; i++) {
            String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(2100), random.nextInt(14),
                    random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62))
                    + fractions[random.nextInt(fractions.length)] + offsets[random.nextInt(offsets.length)];
            if (random.nextInt(10) == 0) {
                char[] chars = s.toCharArray();
                chars[random.nextInt(chars.length)] = "0T:-+.Zt x9".charAt(random.nextInt(11));
                s = new String(chars);
            }
            assertEquals(s.isBlank() ? Optional.empty() : LogTimestamps.viaJavaTime(s.trim()), LogTimestamps.fromText(s), s);
        }
    }
}
