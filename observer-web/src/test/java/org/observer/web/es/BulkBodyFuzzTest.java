package org.observer.web.es;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.observer.api.ObserverException;
import org.observer.index.IndexNames;
import org.observer.logs.LogValidator;
import org.observer.web.rest.RequestBodies;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A bulk body up to where it meets Kafka, on both bulk endpoints: read as UTF-8, split into
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
        String body;
        try {
            body = RequestBodies.read(new ByteArrayInputStream(input), input.length, MAX_BODY_BYTES);
        } catch (ObserverException e) {
            assertClientError(e);
            return;
        }
        try {
            for (BulkActions.Action action : BulkActions.parse(body, "logs")) {
                if (action.refusal() == null) {
                    check(action.index(), action.source());
                }
            }
        } catch (ObserverException e) {
            assertClientError(e);
        }
        List<String> lines = Arrays.asList(body.split("\r?\n", -1));
        for (String line : lines) {
            if (!line.isBlank()) {
                check("logs", line);
            }
        }
    }

    /** One document, as {@code KafkaIngestService.ingestEach} checks it before sending it. */
    private static void check(String index, String source) {
        try {
            IndexNames.requireValid(index);
            VALIDATOR.validate(source, 1_752_148_800_000L);
        } catch (ObserverException e) {
            assertClientError(e);
        }
    }

    private static void assertClientError(ObserverException e) {
        assertTrue(e.status() >= 400 && e.status() < 500, () -> e.status() + " " + e.getMessage());
    }
}
