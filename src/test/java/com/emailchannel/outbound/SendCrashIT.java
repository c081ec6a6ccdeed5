package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.FreePorts;
import com.emailchannel.testing.Queries;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.TestKafka;
import com.emailchannel.testing.TestPostgres;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the service while it dispatches a batch and publishes the events of what it sent, then a restart:
 * every accepted message reaches the relay (a few at most twice: those handed over in the instant of the kill
 * or whose outcome was not yet recorded, the documented duplicate window), every message ends sent, and every
 * event of the outbox is on Kafka (by id, a republished one has the same id). The service is the packaged jar in
 * its own process; the relay (GreenMail), PostgreSQL and Kafka (test kit) outlive it.
 */
class SendCrashIT {

    private static final int MESSAGES = 300;
    private static final int CONCURRENCY = 4;
    private static final int RECORD_BATCH = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void shouldSendEveryAcceptedMessageAndPublishEveryEventAcrossAKill() throws Exception {
        GreenMail relay = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        String dbUrl = TestPostgres.newDatabase();
        String brokers = TestKafka.bootstrapServers();
        Process first = start(dbUrl, brokers, relay.getSmtp().getPort());
        try {
            Api api = awaitReady();
            String key = api.newWorkspaceKey("crash");
            JsonNode setup = VerifiedSetups.create(api, key);
            JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
            ObjectNode batch = JSON.createObjectNode().put("useCaseId", useCase.get("id").asText());
            for (int i = 0; i < MESSAGES; i++) {
                batch.withArray("messages").addObject().put("to", "patient" + i + "@example.org")
                        .put("subject", "Message " + i).put("text", "Body " + i);
            }
            assertThat(api.send("POST", "/v1/email/messages/batch", key, "application/json", batch.toString())
                    .status()).isEqualTo(207);

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> relay.getReceivedMessages().length >= 30);
            first.destroyForcibly().waitFor();
            int atKill = relay.getReceivedMessages().length;
            System.out.printf("killed with %d of %d at the relay%n", atKill, MESSAGES);
            assertThat(atKill).as("killed mid-dispatch").isLessThan(MESSAGES);

            Process second = start(dbUrl, brokers, relay.getSmtp().getPort());
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> Queries.count(dbUrl,
                        "select count(*) from messages where status = 'sent'") == MESSAGES);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Queries.count(dbUrl,
                        "select count(*) from event_outbox where published_at is null") == 0);
            } finally {
                second.destroy();
                second.waitFor();
            }

            Map<String, Integer> deliveries = new HashMap<>();
            for (MimeMessage message : relay.getReceivedMessages()) {
                deliveries.merge(message.getMessageID(), 1, Integer::sum);
            }
            long duplicates = deliveries.values().stream().filter(n -> n > 1).count();
            System.out.printf("relay received %d messages, %d distinct, %d sent twice%n",
                    relay.getReceivedMessages().length, deliveries.size(), duplicates);
            assertThat(deliveries).hasSize(MESSAGES);
            // the documented window: the messages at the relay at the kill, and those accepted by it whose outcomes
            // waited for the next recorded batch
            assertThat(duplicates).as("at most the messages in flight or awaiting their record at the kill")
                    .isLessThanOrEqualTo(CONCURRENCY + RECORD_BATCH);

            Set<String> outbox = ids(dbUrl, "select e.id from event_outbox e join messages m on m.id = e.subject");
            List<ConsumerRecord<String, String>> records = TestKafka.readUntil(brokers, "email.events",
                    r -> idsOf(r).containsAll(outbox), Duration.ofSeconds(60));
            assertThat(outbox).hasSizeGreaterThanOrEqualTo(MESSAGES);
            assertThat(idsOf(records)).containsAll(outbox);
        } finally {
            first.destroyForcibly();
            relay.stop();
        }
    }

    private Api awaitReady() {
        Api api = new Api("http://127.0.0.1:" + httpPort);
        Awaitility.await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> api.get("/health/ready", null).status() == 200);
        return api;
    }

    private int httpPort;

    private Process start(String dbUrl, String brokers, int relayPort) throws Exception {
        httpPort = FreePorts.next();
        ProcessBuilder command = new ProcessBuilder("java", "-jar", System.getProperty("service.jar"))
                .directory(new File(".").getAbsoluteFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("service.log").toFile()));
        Map<String, String> env = command.environment();
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        env.put("DB_URL", dbUrl);
        env.put("DB_USER", "postgres");
        env.put("PLATFORM_ADMIN_TOKEN", RunningService.ADMIN_TOKEN);
        env.put("SECRETS_KEY", RunningService.SECRETS_KEY);
        env.put("DNS_SERVERS", RunningService.sharedDns().address());
        env.put("INBOUND_MX_HOST", RunningService.MX_HOST);
        env.put("KAFKA_BROKERS", brokers);
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(relayPort));
        env.put("SMTP_EMBEDDED_PORT", String.valueOf(FreePorts.next()));
        env.put("IMAP_EMBEDDED_PORT", String.valueOf(FreePorts.next()));
        env.put("DISPATCH_CONCURRENCY", String.valueOf(CONCURRENCY));
        env.put("DISPATCH_POLL_MS", "50");
        env.put("DISPATCH_MAX_CLAIMED", "20");
        env.put("DISPATCH_RATE_PER_SETUP", "25");
        env.put("DISPATCH_BURST_PER_SETUP", "5");
        env.put("DISPATCH_LEASE_SECONDS", "3");
        env.put("DISPATCH_RECORD_BATCH_SIZE", String.valueOf(RECORD_BATCH));
        env.put("DISPATCH_RECORD_FLUSH_MS", "10");
        env.put("EVENTS_LEASE_SECONDS", "3");
        env.put("EVENTS_POLL_MS", "50");
        return command.start();
    }

    private static Set<String> ids(String dbUrl, String sql) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
                ResultSet rows = c.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static Set<String> idsOf(List<ConsumerRecord<String, String>> records) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                ids.add(JSON.readTree(record.value()).path("id").asText());
            } catch (Exception e) {
                // another producer's record on the topic
            }
        }
        return ids;
    }
}
