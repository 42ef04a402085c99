package org.observer.web.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketsTest {

    @Test
    void aBurstIsAllowedThenTheRate() {
        TokenBuckets buckets = new TokenBuckets(1.0 / 3, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, buckets.take("10.0.0.1"), "within the burst");
        }
        long wait = buckets.take("10.0.0.1");
        assertTrue(wait >= 1 && wait <= 3, "then a token every 3 s: " + wait);
        assertEquals(0, buckets.take("10.0.0.2"), "each key has its own bucket");
    }

    @Test
    void peekingTakesNothing() {
        TokenBuckets buckets = new TokenBuckets(1, 1);
        assertEquals(0, buckets.peek("a"));
        assertEquals(0, buckets.peek("a"));
        assertEquals(0, buckets.take("a"));
        assertTrue(buckets.peek("a") > 0);
    }
}
