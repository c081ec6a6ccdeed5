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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Counts and rates of a use case's messages, after real delivery reports and unsubscribes. */
class AnalyticsTest {

    private final RunningService service = RunningService.shared();
    private final Api api = service.api();

    @Test
    void shouldCountWhatHappenedToTheMessagesOfAUseCase() throws Exception {
        String key = api.newWorkspaceKey("analytics");
        JsonNode setup = VerifiedSetups.create(api, key);
        JsonNode useCase = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        JsonNode other = VerifiedSetups.useCase(api, key, setup, "marketing", "use_case");
        JsonNode hard = send(key, useCase, "a@example.org");
        JsonNode soft = send(key, useCase, "b@example.org");
        JsonNode delivered = send(key, useCase, "c@example.org");
        JsonNode unsubscribed = send(key, useCase, "d@example.org");

        report(key, hard, "a@example.org", "failed", "5.1.1", "bounced");
        report(key, soft, "b@example.org", "delayed", "4.2.2", "soft_bounced");
        report(key, delivered, "c@example.org", "delivered", "2.0.0", "delivered");
        String header = Mailboxes.awaitOne(service.mailServer(), unsubscribed.get("messageId").asText())
                .getHeader("List-Unsubscribe", null);
        Matcher link = Pattern.compile("<https?://[^/]+(/u/[A-Za-z0-9_-]+)>").matcher(header);
        assertThat(link.find()).isTrue();
        api.send("POST", link.group(1), null, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");

        JsonNode stats = api.get("/v1/email/analytics?useCaseId=" + useCase.get("id").asText(), key).json();

        assertThat(stats.get("sent").asLong()).isEqualTo(4);
        assertThat(stats.get("delivered").asLong()).isEqualTo(1);
        assertThat(stats.get("bounced").asLong()).isEqualTo(1);
        assertThat(stats.get("softBounced").asLong()).isEqualTo(1);
        assertThat(stats.get("unsubscribed").asLong()).isEqualTo(1);
        assertThat(stats.get("complained").asLong()).isZero();
        assertThat(stats.get("bounceRate").asDouble()).isEqualTo(0.25);
        assertThat(stats.get("deliveryRate").asDouble()).isEqualTo(0.25);
        assertThat(api.get("/v1/email/analytics?useCaseId=" + other.get("id").asText(), key).json().get("sent").asLong()).isZero();
        assertThat(api.get("/v1/email/analytics?setupId=" + setup.get("id").asText(), key).json().get("sent").asLong()).isEqualTo(4);
        assertThat(api.get("/v1/email/analytics?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z", key).json()
                .get("sent").asLong()).isZero();
        assertThat(api.get("/v1/email/analytics?from=yesterday", key).status()).isEqualTo(400);
        assertThat(api.get("/v1/email/analytics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", key).status()).isEqualTo(400);
        assertThat(api.get("/v1/email/analytics?useCaseId=" + useCase.get("id").asText(), api.newWorkspaceKey("x")).json()
                .get("sent").asLong()).isZero();
    }

    private void report(String key, JsonNode sent, String to, String action, String status, String expected) throws Exception {
        String verp = Mailboxes.awaitOne(service.mailServer(), sent.get("messageId").asText())
                .getHeader("Return-Path", null).replaceAll("[<>]", "");
        InboundMail.deliver(service, DeliveryReports.dsn(verp, null, null, to, action, status, "smtp; report"));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/v1/email/messages/"
                + sent.get("id").asText(), key).json().get("status").asText().equals(expected));
    }

    private JsonNode send(String key, JsonNode useCase, String to) {
        JsonNode accepted = api.post("/v1/email/messages", key, "{\"useCaseId\":\"" + useCase.get("id").asText()
                + "\",\"to\":\"" + to + "\",\"subject\":\"News\",\"html\":\"<p>News</p>\"}").json();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/v1/email/messages/"
                + accepted.get("id").asText(), key).json().get("status").asText().equals("sent"));
        return accepted;
    }
}
