package org.observer.ingest;

import org.junit.jupiter.api.Test;
import org.observer.api.InvalidRequestException;
import org.observer.api.PayloadTooLargeException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogValidatorTest {

    private final LogValidator validator = new LogValidator(1000);

    @Test
    void keepsTheOriginalTextAndTakesTheLogsTime() {
        String json = "{\"b\":1.50,\"a\":\"x\",\"@timestamp\":\"2025-07-10T12:00:00Z\"}";
        IncomingLog log = validator.validate("  " + json + "\n", 42);
        assertEquals(json, log.json());
        assertEquals(1752148800000L, log.timestamp());
    }

    @Test
    void fallsBackToIngestTimeAndPrefersAtTimestamp() {
        assertEquals(42, validator.validate("{\"message\":\"no time\"}", 42).timestamp());
        assertEquals(7, validator.validate("{\"time\":\"1970-01-01T00:00:00.009Z\",\"@timestamp\":7}", 42).timestamp());
        assertEquals(42, validator.validate("{\"@timestamp\":null}", 42).timestamp());
    }

    @Test
    void rejectsWhatIsNotOneJsonObject() {
        assertMessage("{\"a\":", "invalid JSON at line 1");
        assertMessage("[1]", "JSON object, but the body is an array");
        assertMessage("42", "a number");
        assertMessage("", "empty");
        assertMessage("{} {}", "after the object");
        assertMessage("{\"@timestamp\":\"soon\"}", "not a time");
        assertMessage("{\"time\":true}", "not a time");
    }

    @Test
    void rejectsLogsOverTheLimit() {
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
                () -> validator.validate("{\"a\":\"" + "é".repeat(600) + "\"}", 0));
        assertTrue(e.getMessage().contains("1000 bytes"), e.getMessage());
    }

    private void assertMessage(String body, String part) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> validator.validate(body, 0));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void aLogFromAnotherKafkaProducerTakesItsTimeFromItsFieldsWhenItHasOne() {
        byte[] iso = "{\"@timestamp\":\"2025-07-10T12:00:00Z\",\"message\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(java.util.Optional.of(1_752_148_800_000L), LogValidator.timeOf(iso));
        byte[] millis = "{\"time\":1752148800000}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(java.util.Optional.of(1_752_148_800_000L), LogValidator.timeOf(millis));
        byte[] unreadable = "{\"timestamp\":\"soon\",\"time\":1752148800000}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(java.util.Optional.of(1_752_148_800_000L), LogValidator.timeOf(unreadable), "an unreadable field is passed over");
        assertEquals(java.util.Optional.empty(), LogValidator.timeOf("{\"message\":\"no time\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(java.util.Optional.empty(), LogValidator.timeOf("[1,2]".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(java.util.Optional.empty(), LogValidator.timeOf("{broken".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
