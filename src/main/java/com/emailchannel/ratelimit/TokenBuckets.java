package com.emailchannel.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key, in this instance's memory: {@code ratePerSecond} tokens flow in, at most {@code burst}
 * are kept. Used for the dispatcher's per-setup send rate and the API's per-key request rate.
 *
 * @param <K> what a bucket belongs to (a setup id, an API key hash)
 */
public final class TokenBuckets<K> {

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<K, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(double ratePerSecond, double burst, LongSupplier nanoClock) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("a rate must be positive: " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1, burst);
        this.nanoClock = nanoClock;
    }

    public TokenBuckets(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    /** Takes a token of {@code key}'s bucket: 0 when one was there, else the milliseconds until there is one. */
    public long take(K key) {
        return buckets.computeIfAbsent(key, k -> new Bucket()).take();
    }

    /** The time one token takes to flow in, in milliseconds. */
    public long refillMillis() {
        return (long) Math.ceil(1000 / ratePerSecond);
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt = nanoClock.getAsLong();

        synchronized long take() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond * 1000));
        }
    }
}
