package com.emailchannel.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.RunningService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import com.emailchannel.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no db.url, no kafka.brokers, no secrets.key and no admin token the service runs on embedded defaults: a real
 * PostgreSQL (committing durably) and a real Kafka broker with their data in data.dir and local secrets kept there,
 * so a restart keeps the workspaces and their keys.
 */
class EmbeddedDefaultsTest {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dataDir;

    /** An event as a state change would write it, for the embedded broker to receive. */
    private static String publishAnEvent(DataSource dataSource) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "insert into event_outbox (id, type, subject, workspace_id, data)"
                        + " select cast(? as uuid), 'email.sent', gen_random_uuid(), id, '{}' from workspaces limit 1")) {
            insert.setString(1, id);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

    private static String setting(DataSource dataSource, String name) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement show = c.prepareStatement("select current_setting(?)")) {
            show.setString(1, name);
            try (java.sql.ResultSet row = show.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    @Test
    void shouldRunOnAnEmbeddedDatabaseAndBrokerAndKeepItsDataAcrossRestarts() throws Exception {
        Map<String, String> properties = RunningService.defaults();
        properties.put("db.url", "");
        properties.put("secrets.key", "");
        properties.put("platform.admin-token", "");
        properties.put("data.dir", dataDir.toString());
        properties.put("kafka.brokers", "");
        int kafkaPort = com.emailchannel.testing.FreePorts.next();
        properties.put("kafka.embedded-port", String.valueOf(kafkaPort));

        String apiKey;
        String setupId;
        RunningService first = RunningService.start(properties);
        try {
            String adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Api api = first.api();
            apiKey = api.post("/v1/workspaces", adminToken, "{\"name\":\"newcomer\"}").json().get("apiKey").asText();
            setupId = api.post("/v1/email/setups", apiKey, "{\"tenantName\":\"acme\",\"domain\":\"mail.acme.example\"}")
                    .json().get("id").asText();
            assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
            // an accepted message must survive a crash of the embedded server too (zonky turns this off)
            assertThat(setting(first.dataSource(), "synchronous_commit")).isEqualTo("on");

            String eventId = publishAnEvent(first.dataSource());
            List<ConsumerRecord<String, String>> records = TestKafka.readUntil("127.0.0.1:" + kafkaPort,
                    "email.events", r -> !r.isEmpty(), Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).value()).contains("\"id\":\"" + eventId + "\"");
            assertThat(Files.isDirectory(dataDir.resolve("kafka"))).isTrue();
        } finally {
            first.close();
        }

        properties.put("http.port", String.valueOf(com.emailchannel.testing.FreePorts.next()));
        RunningService second = RunningService.start(properties);
        try {
            Api api = second.api();
            assertThat(api.get("/v1/email/setups", apiKey).json().get("items").get(0).get("id").asText()).isEqualTo(setupId);
            assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
        } finally {
            second.close();
        }
    }
}
