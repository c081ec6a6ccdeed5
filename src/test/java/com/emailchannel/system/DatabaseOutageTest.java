package com.emailchannel.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.FreePorts;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for a while under a service with mail queued, then comes back on the same port and data: the
 * API answers 503 quickly meanwhile (no hung requests), and afterwards every message accepted before the outage is
 * sent, and the API serves again, without a restart of the service.
 */
class DatabaseOutageTest {

    @Test
    void shouldSendEverythingAcceptedOnceTheDatabaseIsBack() throws Exception {
        Path data = Files.createTempDirectory("outage-postgres");
        int port = FreePorts.next();
        EmbeddedPostgres database = postgres(data, port);
        Map<String, String> properties = RunningService.defaults();
        properties.put("db.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        properties.put("db.user", "postgres");
        properties.put("db.connection-timeout-ms", "500");
        properties.put("dns.servers", RunningService.sharedDns().address());
        properties.put("dispatch.rate-per-setup", "4");
        properties.put("dispatch.burst-per-setup", "1");
        properties.put("dispatch.lease-seconds", "2");
        RunningService service = RunningService.start(properties);
        try {
            Api api = service.api();
            String key = api.newWorkspaceKey("db-outage");
            JsonNode setup = VerifiedSetups.create(api, key);
            JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
            List<JsonNode> accepted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Api.Response response = api.post("/v1/email/messages", key, "{\"useCaseId\":\""
                        + useCase.get("id").asText() + "\",\"to\":\"p" + i + "@example.org\",\"subject\":\"s\",\"text\":\"t\"}");
                assertThat(response.status()).isEqualTo(202);
                accepted.add(response.json());
            }

            database.close();
            long started = System.nanoTime();
            Api.Response during = api.get("/v1/email/messages", key);
            assertThat(during.status()).isEqualTo(503);
            assertThat((System.nanoTime() - started) / 1_000_000).as("answered, not hung").isLessThan(5_000);
            // down for a while: every request meanwhile is a quick 503
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> api.get("/v1/email/messages", key).status() == 503);

            database = postgres(data, port);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/health/ready", null).status() == 200);
            for (JsonNode message : accepted) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/v1/email/messages/"
                        + message.get("id").asText(), key).json().path("status").asText().equals("sent"));
                assertThat(Mailboxes.withMessageId(service.mailServer(), message.get("messageId").asText()))
                        .as("delivered").isNotEmpty();
            }
        } finally {
            service.close();
            database.close();
        }
    }

    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
