package org.observer.jms;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaBackoffTest {

    @Test
    void waitGrowsWithTheOutageBetweenOneAndThirtySeconds() {
        assertEquals(1000, KafkaBackoff.delayMillis(0));
        assertEquals(4000, KafkaBackoff.delayMillis(4000));
        assertEquals(30_000, KafkaBackoff.delayMillis(600_000));
    }

    @Test
    void successEndsTheOutage() {
        KafkaBackoff backoff = new KafkaBackoff();
        assertFalse(backoff.isBackingOff());
        assertTrue(backoff.failedAndWait(), "the first failure begins the outage");
        assertTrue(backoff.isBackingOff());
        assertTrue(backoff.succeeded(), "this success ended the outage");
        assertFalse(backoff.isBackingOff());
        assertFalse(backoff.succeeded(), "no outage to end");
    }
}
