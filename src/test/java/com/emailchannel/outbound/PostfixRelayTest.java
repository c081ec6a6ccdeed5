package com.emailchannel.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.emailchannel.testing.Api;
import com.emailchannel.testing.DkimVerifier;
import com.emailchannel.testing.FreePorts;
import com.emailchannel.testing.Mailboxes;
import com.emailchannel.testing.PostfixRelay;
import com.emailchannel.testing.RunningService;
import com.emailchannel.testing.VerifiedSetups;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sending through a real MTA: the service hands messages to Postfix, which relays them to the next hop (GreenMail).
 * Postfix's answers at RCPT drive bounces and retries, and its DSN (we ask NOTIFY=SUCCESS,FAILURE,DELAY with ENVID)
 * comes back to the VERP return path.
 */
class PostfixRelayTest {

    private static GreenMail nextHop;
    private static PostfixRelay postfix;
    private static RunningService service;
    private static Api api;
    private static String key;
    private static JsonNode setup;
    private static JsonNode useCase;

    @BeforeAll
    static void start() {
        int nextHopPort = FreePorts.next();
        nextHop = new GreenMail(new ServerSetup(nextHopPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        nextHop.start();
        postfix = PostfixRelay.start(nextHopPort);
        Map<String, String> properties = RunningService.isolated();
                properties.put("smtp.host", "127.0.0.1");
        properties.put("smtp.port", String.valueOf(postfix.port()));
        properties.put("smtp.retry.initial-delay-ms", "100");
        properties.put("smtp.retry.max-delay-ms", "200");
        properties.put("smtp.retry.max-attempts", "3");
        service = RunningService.start(properties);
        api = service.api();
        key = api.newWorkspaceKey("postfix");
        setup = VerifiedSetups.create(api, key);
        useCase = VerifiedSetups.useCase(api, key, setup, "transactional", "use_case");
    }

    @AfterAll
    static void stop() {
        service.close();
        postfix.close();
        nextHop.stop();
    }

    @Test
    void shouldRelayASignedMessageThatStillVerifiesAndGetTheRelayedDsnAtTheVerpAddress() throws Exception {
        JsonNode accepted = send("patient@example.org");

        MimeMessage relayed = Mailboxes.awaitOne(nextHop, accepted.get("messageId").asText());

        assertThat(relayed.getHeader("Received")).anyMatch(received -> received.contains("relay.postfix.test"));
        assertThat(DkimVerifier.verify(Mailboxes.raw(relayed), RunningService.sharedDns().address())).isEqualTo("pass");
        assertThat(status(accepted)).isEqualTo("sent");
        // The next hop does not speak DSN, so Postfix reports "relayed" for NOTIFY=SUCCESS, to the VERP address,
        // naming our ENVID.
        String verp = relayed.getHeader("Return-Path", null).replaceAll("[<>]", "");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dsnFor(verp, accepted) != null);
        String dsn = dsnFor(verp, accepted);
        assertThat(dsn).contains("Original-Envelope-Id: " + accepted.get("id").asText());
        assertThat(dsn).contains("Action: relayed");
        assertThat(dsn).contains("Final-Recipient: rfc822; patient@example.org");
    }

    @Test
    void shouldBounceAtOnceOnA5xxAtRcptAndSuppressTheRecipient() {
        JsonNode accepted = send("bounce@example.org");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(accepted).equals("bounced"));

        JsonNode message = api.get("/v1/email/messages/" + accepted.get("id").asText(), key).json();
        JsonNode bounced = message.get("events").get(1);
        assertThat(bounced.get("type").asText()).isEqualTo("bounced");
        assertThat(bounced.get("detail").get("smtpCode").asInt()).isEqualTo(550);
        assertThat(bounced.get("detail").get("enhancedCode").asText()).isEqualTo("5.1.1");
        assertThat(bounced.get("detail").get("bounceType").asText()).isEqualTo("hard");
        assertThat(bounced.get("detail").get("diagnostic").asText()).contains("User unknown");
        Api.Response again = api.post("/v1/email/messages", key, body("bounce@example.org"));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("detail").asText()).contains("hard_bounce");
    }

    @Test
    void shouldRetryA4xxAndFailWhenRetriesRunOut() {
        JsonNode accepted = send("busy@example.org");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status(accepted).equals("failed"));

        JsonNode events = api.get("/v1/email/messages/" + accepted.get("id").asText(), key).json().get("events");
        assertThat(events.findValuesAsText("type")).containsExactly("queued", "deferred", "deferred", "failed");
        assertThat(events.get(1).get("detail").get("smtpCode").asInt()).isEqualTo(450);
        assertThat(events.get(1).get("detail").get("enhancedCode").asText()).isEqualTo("4.2.1");
        assertThat(postfix.log()).contains("450 4.2.1 <busy@example.org>");
    }

    private static String dsnFor(String verp, JsonNode accepted) {
        return postfix.notifications().stream()
                .filter(dump -> dump.contains(verp) && dump.contains(accepted.get("messageId").asText()))
                .findFirst().orElse(null);
    }

    private static JsonNode send(String to) {
        Api.Response accepted = api.post("/v1/email/messages", key, body(to));
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json();
    }

    private static String body(String to) {
        return "{\"useCaseId\":\"" + useCase.get("id").asText() + "\",\"to\":\"" + to
                + "\",\"subject\":\"Appointment\",\"text\":\"Tuesday 10:00\"}";
    }

    private static String status(JsonNode accepted) {
        return api.get("/v1/email/messages/" + accepted.get("id").asText(), key).json().get("status").asText();
    }
}
