package org.observer.web.security;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (a caller, or an address): {@code burst} tokens, refilled at
 * {@code perSecond}. A request that finds the bucket empty is told how long until a token is back.
 * Buckets left full are dropped now and then, so keys that come and go cost no memory.
 */
final class TokenBuckets {

    private static final int MAX_KEYS = 100_000;

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    TokenBuckets(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** 0 if {@code key} may go on (a token taken), else the seconds until it may. */
    long take(String key) {
        return take(key, true);
    }

    /** Like {@link #take} but takes nothing: whether a token is there. */
    long peek(String key) {
        return take(key, false);
    }

    private long take(String key, boolean consume) {
        long now = System.nanoTime();
        if (buckets.size() > MAX_KEYS) {
            buckets.values().removeIf(b -> refilled(b, now) >= burst);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = refilled(bucket, now);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                if (consume) {
                    bucket.tokens -= 1;
                }
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
        }
    }

    private double refilled(Bucket bucket, long now) {
        return Math.min(burst, bucket.tokens + (now - bucket.at) / 1e9 * perSecond);
    }
}
