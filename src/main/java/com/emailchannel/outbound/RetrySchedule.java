package com.emailchannel.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a deferred message again: exponential backoff from {@code initialDelay}, capped at {@code maxDelay},
 * with full jitter in [0.5, 1.5) of the delay so retries of many messages spread out; none after
 * {@code maxAttempts} attempts or once the message is older than {@code maxAge}.
 */
public final class RetrySchedule {

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration maxAge;

    public RetrySchedule(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxAge) {
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxAge = maxAge;
    }

    /** The next due time after attempt number {@code attempts} (1 = the first) failed, or empty to give up. */
    public Optional<Instant> next(int attempts, Instant acceptedAt, Instant now) {
        if (attempts >= maxAttempts || !now.isBefore(acceptedAt.plus(maxAge))) {
            return Optional.empty();
        }
        double exponential = initialDelay.toMillis() * Math.pow(2, Math.max(0, attempts - 1));
        double capped = Math.min(exponential, maxDelay.toMillis());
        double jittered = capped * (0.5 + ThreadLocalRandom.current().nextDouble());
        return Optional.of(now.plusMillis((long) jittered));
    }
}
