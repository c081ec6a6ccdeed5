package com.emailchannel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.DeliveryReports;
import com.emailchannel.testing.InboundMail;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery status notifications arriving in the inbound mailbox update the messages they are about. */
class DeliveryReportTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();
    private String key;
    private JsonNode setup;
    private JsonNode useCase;

    @BeforeEach
    void useCase() {
        key = api.newWorkspaceKey("reports");
        setup = VerifiedSetups.create(api, key);
        useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
    }

    @Test
    void shouldBounceAndSuppressOnAPermanentFailureSentToTheVerpAddress() throws Exception {
        JsonNode sent = send("gone@example.org");
        String verp = verpOf(sent);

        InboundMail.deliver(service, DeliveryReports.dsn(verp, null, sent.get("messageId").asText(), "gone@example.org", "failed",
                "5.1.1", "smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown"));

        JsonNode message = awaitStatus(sent, "bounced");
        JsonNode bounced = message.get("events").get(message.get("events").size() - 1);
        assertThat(bounced.get("type").asText()).isEqualTo("bounced");
        assertThat(bounced.get("detail").get("enhancedCode").asText()).isEqualTo("5.1.1");
        assertThat(bounced.get("detail").get("bounceType").asText()).isEqualTo("hard");
        assertThat(api.get("/v1/email/suppressions?address=gone@example.org", key).json().get("items").get(0)
                .get("reason").asText()).isEqualTo("hard_bounce");
        assertThat(api.post("/v1/email/messages", key, body("gone@example.org")).status()).isEqualTo(422);
    }

    @Test
    void shouldApplyAReportStoredButNotAppliedWhenTheMailboxHandsItOverAgain() throws Exception {
        JsonNode sent = send("later@example.org");
        String report = DeliveryReports.dsn(verpOf(sent), null, null, "later@example.org", "failed", "5.1.1", "smtp; 550");
        String reportId = report.replaceAll("(?s).*Message-ID: (<dsn-[^>]+>).*", "$1");
        // As left by a process that stopped after storing the report and before acting on it.
        try (java.sql.Connection c = service.dataSource().getConnection();
                java.sql.PreparedStatement insert = c.prepareStatement("insert into inbound_messages (id, mailbox,"
                        + " uid_validity, uid, message_id, message_id_hash, workspace_id, setup_id, classification,"
                        + " to_addresses, raw) select gen_random_uuid(), 'earlier', 1, 1, ?, sha256(?::bytea), workspace_id,"
                        + " id, 'delivery_report', '', ? from setups where id = ?")) {
            insert.setString(1, reportId);
            insert.setBytes(2, reportId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            insert.setBytes(3, report.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            insert.setObject(4, UUID.fromString(setup.get("id").asText()));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }

        InboundMail.deliver(service, report);

        awaitStatus(sent, "bounced");
    }

    @Test
    void shouldSoftBounceOnADelay() throws Exception {
        JsonNode sent = send("busy@example.org");

        InboundMail.deliver(service, DeliveryReports.dsn(verpOf(sent), null, sent.get("messageId").asText(), "busy@example.org",
                "delayed", "4.2.2", "smtp; 452 4.2.2 Mailbox full"));

        awaitStatus(sent, "soft_bounced");
        assertThat(api.get("/v1/email/suppressions?address=busy@example.org", key).json().get("items")).isEmpty();
    }

    @Test
    void shouldSuppressForAWhileAfterThreeSoftBouncesWithNoDeliveryBetween() throws Exception {
        softBounce("flaky@example.org");
        softBounce("flaky@example.org");
        JsonNode delivered = send("flaky@example.org");
        InboundMail.deliver(service, DeliveryReports.dsn(verpOf(delivered), null, null, "flaky@example.org", "delivered", "2.0.0", "smtp; 250"));
        awaitStatus(delivered, "delivered");
        softBounce("flaky@example.org");
        softBounce("flaky@example.org");
        assertThat(api.get("/v1/email/suppressions?address=flaky@example.org", key).json().get("items")).isEmpty();

        softBounce("flaky@example.org");

        JsonNode suppression = api.get("/v1/email/suppressions?address=flaky@example.org", key).json().get("items").get(0);
        assertThat(suppression.get("reason").asText()).isEqualTo("soft_bounce");
        assertThat(java.time.Instant.parse(suppression.get("expiresAt").asText()))
                .isBetween(java.time.Instant.now().plus(Duration.ofHours(167)), java.time.Instant.now().plus(Duration.ofHours(169)));
        JsonNode marketing = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        assertThat(api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + marketing.get("id").asText()
                + "\",\"to\":\"flaky@example.org\",\"subject\":\"s\",\"text\":\"t\"}").status()).isEqualTo(422);
        assertThat(api.post("/v1/email/messages", key, body("flaky@example.org")).status()).isEqualTo(202);
    }

    private void softBounce(String to) throws Exception {
        JsonNode sent = send(to);
        InboundMail.deliver(service, DeliveryReports.dsn(verpOf(sent), null, null, to, "delayed", "4.2.2", "smtp; 452 4.2.2 Mailbox full"));
        awaitStatus(sent, "soft_bounced");
    }

    @Test
    void shouldMarkDeliveredFromASuccessReportMatchedByEnvid() throws Exception {
        JsonNode sent = send("fine@example.org");
        verpOf(sent);

        InboundMail.deliver(service, DeliveryReports.dsn("postmaster@" + setup.get("domain").asText(), sent.get("id").asText(), null,
                "fine@example.org", "relayed", "2.0.0", "smtp; 250 OK"));

        awaitStatus(sent, "delivered");
    }

    @Test
    void shouldMarkComplainedAndSuppressOnAnArfReport() throws Exception {
        JsonNode marketing = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        JsonNode sent = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + marketing.get("id").asText()
                + "\",\"to\":\"angry@example.org\",\"subject\":\"Offer\",\"html\":\"<p>Offer</p>\"}").json();
        String verp = verpOf(sent);
        String boundary = "arf-" + UUID.randomUUID();

        InboundMail.deliver(service, String.join("\r\n", "From: fbl@isp.example", "To: fbl@feedback.example",
                "Subject: FW: Offer", "Message-ID: <arf-" + UUID.randomUUID() + "@isp.example>", "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=feedback-report; boundary=\"" + boundary + "\"", "",
                "--" + boundary, "Content-Type: text/plain", "", "This is an abuse report.", "",
                "--" + boundary, "Content-Type: message/feedback-report", "", "Feedback-Type: abuse",
                "User-Agent: ISP-FBL/1.0", "Version: 1", "Original-Mail-From: <" + verp + ">",
                "Original-Rcpt-To: <angry@example.org>", "",
                "--" + boundary, "Content-Type: text/rfc822-headers", "",
                "Message-ID: " + sent.get("messageId").asText(), "Subject: Offer", "",
                "--" + boundary + "--", ""));

        JsonNode message = awaitStatus(sent, "complained");
        assertThat(message.get("events").findValuesAsText("type")).contains("complained");
        assertThat(api.get("/v1/email/suppressions?address=angry@example.org", key).json().get("items").get(0)
                .get("reason").asText()).isEqualTo("complaint");
        assertThat(api.post("/v1/email/messages", key, body("angry@example.org")).status()).isEqualTo(422);
    }

    @Test
    void shouldKeepAReportThatNamesNoMessageOfOurs() {
        InboundMail.deliver(service, DeliveryReports.dsn("postmaster@" + setup.get("domain").asText(), null,
                "<unknown-" + UUID.randomUUID() + "@elsewhere.example>", "x@example.org", "failed", "5.1.1", "smtp; 550"));

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                api.get("/v1/email/inbound", key).json().get("items").size() == 1);
        assertThat(api.get("/v1/email/inbound", key).json().get("items").get(0).get("classification").asText())
                .isEqualTo("delivery_report");
    }

    private String verpOf(JsonNode sent) throws Exception {
        return Mailboxes.awaitOne(service.mailServer(), sent.get("messageId").asText())
                .getHeader("Return-Path", null).replaceAll("[<>]", "");
    }

    private JsonNode send(String to) {
        return api.post("/v1/email/messages", key, body(to)).json();
    }

    private String body(String to) {
        return "{\"useCaseId\":\"" + useCase.get("id").asText() + "\",\"to\":\"" + to
                + "\",\"subject\":\"Reminder\",\"text\":\"Hello\"}";
    }

    private JsonNode awaitStatus(JsonNode sent, String status) {
        String path = "/v1/email/messages/" + sent.get("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> api.get(path, key).json().get("status").asText().equals(status));
        return api.get(path, key).json();
    }
}
