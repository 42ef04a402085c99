package org.observer.web.es;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.observer.api.ObserverException;
import org.observer.index.IndexNames;
import org.observer.logs.LogValidator;
import org.observer.logs.NdjsonLines;
import org.observer.web.rest.RequestBodies;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A bulk body up to where it meets Kafka, on both bulk endpoints: read as bytes, split into
 * actions ({@code /_bulk}, {@link BulkActions}) or lines ({@code /api/logs/{index}/_bulk}), and each
 * document checked as the ingest service checks it (index name, then {@link LogValidator}). The
 * body as a whole, and each document alone, is accepted or refused with an
 * {@link ObserverException} of a 4xx status; anything else is a 500 and fails the test.
 */
class BulkBodyFuzzTest {

    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final LogValidator VALIDATOR = new LogValidator(1 << 16);

    @FuzzTest(maxDuration = "1m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DictionaryFile(resourcePath = "/org/observer/web/es/BulkBodyFuzzTest.dict")
    void bulkBodiesAreSplitAndEachDocumentAcceptedOrAClientError(byte[] input) {
        byte[] body;
        try {
            body = RequestBodies.readBytes(new ByteArrayInputStream(input), input.length, MAX_BODY_BYTES);
        } catch (ObserverException e) {
            assertClientError(e);
            return;
        }
        try {
            for (BulkActions.Action action : BulkActions.parse(body, "logs")) {
                if (action.refusal() == null) {
                    check(action.index(), body, action.from(), action.to());
                }
            }
        } catch (ObserverException e) {
            assertClientError(e);
        }
        NdjsonLines lines = NdjsonLines.split(body);
        for (int i = 0; i < lines.count(); i++) {
            if (!lines.isBlank(i)) {
                check("logs", body, lines.from(i), lines.to(i));
            }
        }
    }

    /** One document, as {@code KafkaIngestService.ingestEach} checks it before sending it. */
    private static void check(String index, byte[] body, int from, int to) {
        try {
            IndexNames.requireValid(index);
            VALIDATOR.validate(body, from, to, 1_752_148_800_000L);
        } catch (ObserverException e) {
            assertClientError(e);
        }
    }

    private static void assertClientError(ObserverException e) {
        assertTrue(e.status() >= 400 && e.status() < 500, () -> e.status() + " " + e.getMessage());
    }
}
