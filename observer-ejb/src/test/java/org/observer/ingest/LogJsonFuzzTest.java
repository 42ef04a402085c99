package org.observer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.observer.logs.IncomingLog;
import org.observer.logs.LogValidator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Timeout;
import org.observer.api.ObserverException;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A log's JSON on its two ways in. Posted to the API, {@link LogValidator} accepts it or throws an
 * {@link ObserverException} with a 4xx status, and a log it accepts is one the processor indexes.
 * Produced straight into {@code observer.ingest} by another client, any bytes at all, the processor
 * ({@link IngestRecords}) indexes the record or skips it, and never throws: a throw there would
 * stop the partition. Anything else (a StackOverflowError on deep nesting, an
 * UnsupportedOperationException or ArithmeticException from a huge number) fails the test.
 */
class LogJsonFuzzTest {

    private static final LogValidator VALIDATOR = new LogValidator(1 << 20);

    /** Held, so the level stays: a warning per skipped record would cost more than the record. */
    private static final Logger SKIPPED_RECORDS = Logger.getLogger(IngestRecords.class.getName());

    static {
        SKIPPED_RECORDS.setLevel(Level.OFF);
    }

    @FuzzTest(maxDuration = "1m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryFile(resourcePath = "/org/observer/ingest/LogJsonFuzzTest.dict")
    void acceptedLogsAreIndexedAndTheRestAreClientErrors(byte[] input) {
        // another producer's record: indexed or skipped, never thrown
        IngestRecords.toLogRecord(new ConsumerRecord<>("observer.ingest", 0, 7L, "fuzz", input));

        // a line of a bulk, read on its bytes: the same verdict as on its text when it is UTF-8, refused when not
        byte[] line = new byte[input.length + 2];
        System.arraycopy(input, 0, line, 1, input.length);
        String fromBytes;
        boolean acceptedFromBytes = false;
        try {
            IncomingLog log = VALIDATOR.validate(line, 1, 1 + input.length, 1_752_148_800_000L);
            fromBytes = log.timestamp() + " " + new String(log.utf8(), StandardCharsets.UTF_8);
            acceptedFromBytes = true;
        } catch (ObserverException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, () -> e.status() + " " + e.getMessage());
            fromBytes = e.status() + " " + e.getMessage();
        }
        boolean utf8 = org.observer.logs.Utf8.isValid(input, 0, input.length);
        assertEquals(jdkDecodes(input), utf8, "UTF-8 as the JDK's strict decoder decides");

        String text = new String(input, StandardCharsets.UTF_8);
        IncomingLog log;
        try {
            log = VALIDATOR.validate(text, 1_752_148_800_000L);
        } catch (ObserverException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, () -> e.status() + " " + e.getMessage());
            if (utf8) {
                assertEquals(e.status() + " " + e.getMessage(), fromBytes);
            }
            return;
        }
        if (utf8) {
            assertEquals(log.timestamp() + " " + new String(log.utf8(), StandardCharsets.UTF_8), fromBytes);
        } else {
            assertFalse(acceptedFromBytes, "bytes that are not UTF-8 are refused");
        }
        assertNotNull(IngestRecords.toLogRecord(new ConsumerRecord<>("observer.ingest", 0, 8L, "fuzz",
                log.utf8())), "an accepted log is indexed");
    }

    /** Whether the JDK's decoder takes the bytes when it reports what is malformed. */
    private static boolean jdkDecodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
