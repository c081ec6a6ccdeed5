package com.emailchannel.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.InboundMail;
import com.emailchannel.testing.LocalMailServer;
import com.emailchannel.testing.Queries;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.TestPostgres;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two instances side by side on one PostgreSQL, one relay and the same inbound mailbox, coordinated only by the
 * database (outbox claims FOR UPDATE SKIP LOCKED, unique keys on stored mail, the event publisher lease): every
 * accepted message is sent once, every inbound message stored once, every event published once.
 */
class TwoInstancesTest {

    private static final int SENDS = 200;
    private static final int INBOUND = 20;
    private static final String MAILBOX = "drain@mx.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldDispatchEachSendOnceAndStoreEachInboundOnceAcrossTwoInstances() throws Exception {
        GreenMail mail = LocalMailServer.start();
        String dbUrl = TestPostgres.newDatabase();
        RunningService one = RunningService.start(instance(dbUrl, mail));
        RunningService two = RunningService.start(instance(dbUrl, mail));
        try {
            Api api = one.api();
            String key = api.newWorkspaceKey("scale-out");
            JsonNode setup = VerifiedSetups.create(api, key);
            JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
            ObjectNode batch = JSON.createObjectNode().put("useCaseId", useCase.get("id").asText());
            for (int i = 0; i < SENDS; i++) {
                batch.withArray("messages").addObject().put("to", "patient" + i + "@example.org")
                        .put("subject", "Message " + i).put("text", "Body " + i);
            }
            assertThat(two.api().send("POST", "/v1/email/messages/batch", key, "application/json",
                    batch.toString()).status()).isEqualTo(207);
            deliverInbound(mail, setup.get("domain").asText());

            DataSource db = one.dataSource();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    Queries.count(db, "select count(*) from messages where status = 'sent'") == SENDS);
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                    Queries.count(db, "select count(*) from inbound_messages") == INBOUND);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    Queries.count(db, "select count(*) from event_outbox where published_at is null") == 0);

            Map<String, Integer> sent = new HashMap<>();
            for (MimeMessage message : mail.getReceivedMessages()) {
                if (!message.getMessageID().startsWith("<scale-")) {
                    sent.merge(message.getMessageID(), 1, Integer::sum);
                }
            }
            assertThat(sent).hasSize(SENDS);
            assertThat(sent.values()).allMatch(n -> n == 1);
            assertThat(Queries.count(db, "select count(distinct message_id) from inbound_messages")).isEqualTo(INBOUND);
            assertThat(Queries.count(db, "select count(*) from message_events where type = 'sent'")).isEqualTo(SENDS);
        } finally {
            two.close();
            one.close();
            mail.stop();
        }
    }

    private static Map<String, String> instance(String dbUrl, GreenMail mail) {
        Map<String, String> properties = RunningService.defaults();
        properties.put("db.url", dbUrl);
        properties.put("db.user", "postgres");
        properties.put("dns.servers", RunningService.sharedDns().address());
        properties.put("smtp.host", "127.0.0.1");
        properties.put("smtp.port", String.valueOf(mail.getSmtp().getPort()));
        RunningService.drainMailbox(properties, mail.getImap().getPort(), MAILBOX, "secret");
        properties.put("dispatch.max-claimed", "20");
        return properties;
    }

    private static void deliverInbound(GreenMail mail, String domain) {
        for (int i = 0; i < INBOUND; i++) {
            InboundMail.deliver(mail.getSmtp().getPort(), MAILBOX, String.join("\r\n", "From: patient" + i + "@example.org",
                    "To: care@" + domain, "Subject: Question " + i, "Message-ID: <scale-" + i + "@example.org>", "",
                    "Hello " + i, ""));
        }
    }
}
