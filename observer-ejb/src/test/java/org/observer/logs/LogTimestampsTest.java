package org.observer.logs;

import org.junit.jupiter.api.Test;
import org.observer.logs.LogTimestamps;

import java.math.BigDecimal;
import java.util.Optional;

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
}
