package com.emailchannel.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import com.emailchannel.ratelimit.TokenBuckets;

/**
 * A token bucket per setup ({@code ratePerSecond} refill, {@code burst} capacity) for this instance. The dispatcher
 * claims rows transactional-first, so when a setup's bucket runs dry it is marketing mail that waits: a marketing
 * batch cannot starve transactional mail of the same setup.
 */
public final class SendRateLimiter {

    private final TokenBuckets<UUID> buckets;

    public SendRateLimiter(double ratePerSecond, double burst, LongSupplier nanoClock) {
        this.buckets = new TokenBuckets<>(ratePerSecond, burst, nanoClock);
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
            if (buckets.take((UUID) row.get("setup_id")) == 0) {
                admitted.add(row);
            } else {
                deferred.add(row.get("id").toString());
            }
        }
        long waitMs = buckets.refillMillis();
        return Map.of("admitted", admitted, "deferredIds", String.join(",", deferred), "deferredCount",
                deferred.size(), "waitMs", waitMs);
    }
}
