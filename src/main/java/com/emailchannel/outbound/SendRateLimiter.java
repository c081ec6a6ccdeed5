package com.emailchannel.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per setup ({@code ratePerSecond} refill, {@code burst} capacity) for this instance. The dispatcher
 * claims rows transactional-first, so when a setup's bucket runs dry it is marketing mail that waits: a marketing
 * batch cannot starve transactional mail of the same setup.
 */
public final class SendRateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    public SendRateLimiter(double ratePerSecond, double burst, LongSupplier nanoClock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1, burst);
        this.nanoClock = nanoClock;
    }

    public SendRateLimiter(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    /**
     * Splits claimed outbox rows (in claim order) into {@code admitted} (a list of rows) and the rows that must
     * wait: {@code deferredIds} (comma-separated message ids) and {@code waitMs}, when the setup has a token again.
     */
    public Map<String, Object> admit(List<Map<String, Object>> claimed) {
        List<Map<String, Object>> admitted = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        List<Map<String, Object>> inOrder = new ArrayList<>(claimed);
        // RETURNING has no order: transactional (priority 0) rows take the tokens first.
        inOrder.sort(java.util.Comparator.comparingInt(row -> ((Number) row.get("priority")).intValue()));
        for (Map<String, Object> row : inOrder) {
            if (bucket((UUID) row.get("setup_id")).tryTake()) {
                admitted.add(row);
            } else {
                deferred.add(row.get("message_id").toString());
            }
        }
        long waitMs = (long) Math.ceil(1000 / ratePerSecond);
        return Map.of("admitted", admitted, "deferredIds", String.join(",", deferred), "deferredCount",
                deferred.size(), "waitMs", waitMs);
    }

    private Bucket bucket(UUID setupId) {
        return buckets.computeIfAbsent(setupId, id -> new Bucket());
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt = nanoClock.getAsLong();

        synchronized boolean tryTake() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
