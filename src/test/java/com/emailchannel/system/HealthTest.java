package com.emailchannel.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.Api.Response;
import com.emailchannel.testing.RunningService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void shouldBeReadyWhileTheDatabaseAnswers() {
        Api api = RunningService.shared().api();

        assertThat(api.get("/health/live", null).status()).isEqualTo(200);
        Response ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("UP");
    }

    @Test
    void shouldTurnNotReadyAndAnswer503QuicklyWhenTheDatabaseStops() throws Exception {
        EmbeddedPostgres database = EmbeddedPostgres.builder().start();
        Map<String, String> properties = RunningService.defaults();
        properties.put("db.url", "jdbc:postgresql://127.0.0.1:" + database.getPort() + "/postgres");
        properties.put("db.user", "postgres");
        properties.put("db.connection-timeout-ms", "500");
        RunningService service = RunningService.start(properties);
        try {
            Api api = service.api();
            String key = api.newWorkspaceKey("db-stops");
            assertThat(api.get("/health/ready", null).status()).isEqualTo(200);

            database.close();
            long started = System.nanoTime();
            Response ready = api.get("/health/ready", null);
            Response list = api.get("/v1/email/setups", key);
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.contentType()).isEqualTo("application/problem+json");
            assertThat(list.status()).isEqualTo(503);
            assertThat(list.body()).doesNotContain("PSQLException").doesNotContain("Connection");
            assertThat(api.get("/health/live", null).status()).isEqualTo(200);
            assertThat(tookMs).isLessThan(5_000);
        } finally {
            service.close();
        }
    }
}
