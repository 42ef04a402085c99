package org.observer.logs;

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
        assertEquals(json, text(log));
        assertEquals(1752148800000L, log.timestamp());
    }

    @Test
    void fallsBackToIngestTimeAndPrefersAtTimestamp() {
        assertEquals(42, validator.validate("{\"message\":\"no time\"}", 42).timestamp());
        assertEquals(7, validator.validate("{\"time\":\"1970-01-01T00:00:00.009Z\",\"@timestamp\":7}", 42).timestamp());
        assertEquals(42, validator.validate("{\"@timestamp\":null}", 42).timestamp());
    }

    @Test
    void deepNestingAndOverlongNumbersAreClientErrors() {
        LogValidator roomy = new LogValidator(1 << 20);
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String longNumber = "{\"@timestamp\":" + "9".repeat(5000) + "}";
        for (String json : new String[] {deep, longNumber}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> roomy.validate(json, 42));
            assertTrue(e.getMessage().contains("deep") || e.getMessage().contains("number"), e.getMessage());
            // the same bytes from another Kafka producer: no time read from them, and nothing thrown
            assertTrue(LogValidator.timeOf(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEmpty());
        }
    }

    @Test
    void rejectsWhatIsNotOneJsonObject() {
        assertMessage("{\"a\":", "invalid JSON at line 1");
        assertMessage("[1]", "JSON object, but the body is an array");
        assertMessage("42", "a number");
        assertMessage("null", "the body is null");
        assertMessage("true", "the body is a boolean");
        // text that merely starts like a literal is not JSON at all (the JMS bridge's poison)
        assertMessage("not json at all", "invalid JSON at line 1, column 1");
        assertMessage("nullx", "invalid JSON at line 1, column 1");
        assertMessage("fals", "invalid JSON at line 1, column 1");
        assertMessage("hello", "invalid JSON at line 1, column 1");
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

    @Test
    void refusesLogsBeyondTheDepthFieldAndNumberLimits() {
        LogValidator limited = new LogValidator(1 << 20, 5, 10);
        assertEquals(0, limited.validate("{\"a\":[[[{\"b\":1}]]]}", 0).timestamp(), "5 deep is within");
        assertMessage(limited, "{\"a\":[[[[{\"b\":1}]]]]}", "more than 5 deep");
        assertMessage(limited, "{\"a\":" + "[".repeat(100_000), "more than 5 deep");
        StringBuilder wide = new StringBuilder("{\"f0\":0");
        for (int i = 1; i < 11; i++) {
            wide.append(",\"f").append(i).append("\":").append(i);
        }
        assertMessage(limited, wide.append('}').toString(), "more than 10 fields");
        LogValidator roomy = new LogValidator(1 << 20);
        assertMessage(roomy, "{\"n\":" + "9".repeat(1_001) + "}", "numbers may have at most 1000");
        assertMessage(roomy, "{\"n\":1e999999}", "beyond a double");
        assertMessage(roomy, "{\"n\":1e-999999}", "beyond a double");
        assertEquals(0, roomy.validate("{\"n\":0e-999999,\"m\":1.5e-300,\"k\":" + "0." + "1".repeat(400) + "}", 0).timestamp());
    }

    @Test
    void refusesLoneSurrogatesAndTimesBeyondALong() {
        assertMessage("{\"message\":\"x\\ud800y\"}", "lone surrogate");
        assertMessage("{\"\\udc00\":1}", "lone surrogate");
        assertEquals(0, validator.validate("{\"message\":\"\\ud83d\\ude00\"}", 0).timestamp(), "a whole pair is a character");
        assertMessage("{\"timestamp\":1e300}", "not a time");
        assertMessage("{\"timestamp\":1E+2147483648}", "beyond a double");
        assertMessage("{\"time\":\"+999999999-01-01T00:00:00Z\"}", "not a time");
        assertEquals(1_752_148_800_000L, validator.validate("{\"timestamp\":1752148800000.9}", 0).timestamp());
    }

    private void assertMessage(String body, String part) {
        assertMessage(validator, body, part);
    }

    private static void assertMessage(LogValidator validator, String body, String part) {
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

    @Test
    void onlyTopLevelScalarsNameTheTimeAndTheLastOfARepeatedKeyCounts() {
        assertEquals(java.util.Optional.empty(), LogValidator.timeOf(utf8("{\"a\":{\"@timestamp\":1752148800000}}")), "nested");
        assertEquals(java.util.Optional.empty(), LogValidator.timeOf(utf8("{\"time\":[1752148800000]}")), "an array is no time");
        assertEquals(java.util.Optional.of(7L), LogValidator.timeOf(utf8("{\"time\":1752148800000,\"time\":7}")));
        assertEquals(java.util.Optional.empty(), LogValidator.timeOf(utf8("{\"time\":1752148800000,\"time\":null}")));
        assertEquals(9, validator.validate("{\"x\":{\"time\":\"soon\"},\"time\":9}", 0).timestamp(),
                "a nested field named like a time field is no time, even unreadable");
    }

    @Test
    void errorsSayTheLineAndColumnOfTheMistake() {
        assertMessage("{\"a\":1,\n \"b\": tru}", "invalid JSON at line 2, column 10: unexpected '}'");
        assertMessage("{\"a\":1,\n \"é\": x}", "line 2, column 7: unexpected 'x'");
        assertMessage("{\"a\":1}\n{\"b\":2}", "after the object at line 2, column 1");
    }

    @Test
    void whatTheValidatorAcceptsIsSentAsTheUtf8OfTheStrippedText() {
        IncomingLog log = validator.validate(" {\"message\":\"héllo\"}\n", 0);
        assertEquals("{\"message\":\"héllo\"}", text(log));
    }

    /** A line of a body read on its bytes gets the verdict its text gets, and keeps its place in the body. */
    @Test
    void aLineReadOnItsBytesIsTreatedAsItsText() {
        String[] lines = {
                "{\"@timestamp\":\"2025-07-10T12:00:00.5+02:00\",\"m\":\"x\"}",
                "{\"\\u0074ime\":\"2025-07-10T12:00:00Z\"}", // an escaped name still names the time field
                "{\"time\":\"2025-07-10T12:00:00\\u005a\"}", // an escaped value still is the time
                "{\"time\":\" 2025-07-10T12:00:00Z \"}", "{\"time\":\"1752148800000\"}", "{\"time\":\"-12\"}",
                "{\"time\":\"17521488000001752148800000\"}", "{\"time\":1752148800000.9}", "{\"time\":-0}",
                "{\"time\":12345678901234567890}", "{\"time\":1e3}", "{\"time\":1E+2147483648}", "{\"time\":\"2025/07/10:12:00:00\"}",
                "{\"time\":\"日本\"}", "{\"time\":\"2025-07-10T12:00:00Z\",\"time\":\"soon\"}", "{\"time\":true}",
                "\u3000{\"m\":1}\u3000", "\uFEFF{\"m\":1}", " true ", "null", "[1]", "{\"a\":1, \"é\": x}",
                "{\"m\":\"\\ud800\"}", "{\"n\":" + "9".repeat(400) + "}", "{\"n\":1e999}", "{\"m\":\"" + "é".repeat(600) + "\"}"};
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            body.append(line).append("\r\n");
        }
        byte[] bytes = utf8(body.toString());
        NdjsonLines split = NdjsonLines.split(bytes);
        LogValidator.Lines oneAfterAnother = validator.forLines(); // refusals and acceptances in turn, on one state
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String fromText = verdict(() -> validator.validate(line, 42));
            int from = split.from(i);
            int to = split.to(i);
            assertEquals(fromText, verdict(() -> validator.validate(bytes, from, to, 42)), line);
            assertEquals(fromText, verdict(() -> oneAfterAnother.validate(bytes, from, to, 42)), line);
        }
        IncomingLog log = validator.validate(bytes, split.from(1), split.to(1), 42);
        assertTrue(log.source() == bytes && log.offset() == split.from(1), "not copied");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        for (byte[] bad : new byte[][]{{(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}}) {
            for (String[] around : new String[][]{{"{\"m\":\"x", "\"}"}, {"{\"k", "\":1}"}, {"{\"m\":\"\\n", "\"}"}, {"{\"m\":1}", ""},
                    {"{\"message\":\"a long plain text", "and more of it\"}"}, {"{\"message\":\"a long plain text\\t", "and more\"}"}}) {
                byte[] line = concat(utf8(around[0]), bad, utf8(around[1]));
                assertThrows(InvalidRequestException.class, () -> validator.validate(line, 0, line.length, 0));
            }
        }
    }

    private static String verdict(java.util.function.Supplier<IncomingLog> validation) {
        try {
            IncomingLog log = validation.get();
            return log.timestamp() + " " + text(log);
        } catch (org.observer.api.ObserverException e) {
            return e.status() + " " + e.getMessage();
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String text(IncomingLog log) {
        return new String(log.source(), log.offset(), log.length(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
