package com.emailchannel.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.RunningService;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Each API key has its own request rate: past it, 429 problem+json with Retry-After; other keys go on. */
class ApiRateLimitTest {

    @Test
    void shouldAnswer429WithRetryAfterPastAKeysRateAndLetOtherKeysThrough() {
        Map<String, String> properties = RunningService.isolated();
                properties.put("api.rate-per-key", "0.5");
        properties.put("api.burst-per-key", "3");
        RunningService service = RunningService.start(properties);
        try {
            Api api = service.api();
            String busy = api.newWorkspaceKey("busy");
            String quiet = api.newWorkspaceKey("quiet");

            for (int i = 0; i < 3; i++) {
                assertThat(api.get("/v1/email/setups", busy).status()).isEqualTo(200);
            }
            Response limited = api.get("/v1/email/setups", busy);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.contentType()).isEqualTo("application/problem+json");
            assertThat(limited.json().get("type").asText()).endsWith("/rate-limited");
            assertThat(limited.json().get("status").asInt()).isEqualTo(429);
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 2L);
            assertThat(api.get("/v1/email/setups", quiet).status()).isEqualTo(200);
            assertThat(api.get("/v1/email/setups", "not-a-key").status()).isEqualTo(401);

            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.get("/v1/email/setups", busy).status() == 200);
        } finally {
            service.close();
        }
    }
}
