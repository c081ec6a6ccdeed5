package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendRateLimiterTest {

    private final AtomicLong clock = new AtomicLong();
    private final SendRateLimiter limiter = new SendRateLimiter(10, 3, clock::get);
    private final UUID setup = UUID.randomUUID();

    @Test
    @SuppressWarnings("unchecked")
    void shouldAdmitTheBurstAndDeferTheRestTransactionalFirst() {
        List<Map<String, Object>> claimed = new ArrayList<>();
        claimed.add(row(1));
        claimed.add(row(1));
        claimed.add(row(0));
        claimed.add(row(1));
        claimed.add(row(0));

        Map<String, Object> admission = limiter.admit(claimed);

        List<Map<String, Object>> admitted = (List<Map<String, Object>>) admission.get("admitted");
        assertThat(admitted).extracting(r -> r.get("priority")).containsExactly(0, 0, 1);
        assertThat(admission.get("deferredCount")).isEqualTo(2);
        assertThat(((String) admission.get("deferredIds")).split(",")).hasSize(2);
        assertThat(admission.get("waitMs")).isEqualTo(100L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRefillAtTheConfiguredRatePerSetup() {
        limiter.admit(List.of(row(0), row(0), row(0)));
        assertThat((List<?>) limiter.admit(List.of(row(0))).get("admitted")).isEmpty();

        clock.addAndGet(100_000_000L);

        assertThat((List<?>) limiter.admit(List.of(row(0), row(0))).get("admitted")).hasSize(1);
        Map<String, Object> otherSetup = Map.of("id", UUID.randomUUID(), "setup_id", UUID.randomUUID(),
                "priority", 1);
        assertThat((List<?>) limiter.admit(List.of(otherSetup)).get("admitted")).hasSize(1);
    }

    private Map<String, Object> row(int priority) {
        return Map.of("id", UUID.randomUUID(), "setup_id", setup, "priority", priority);
    }
}
